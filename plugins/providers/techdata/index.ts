/** The TechData StreamOne connector: what the registry and the rest of the service import. */
import type { ConnectorFactory } from '../types';
import { TECHDATA_INTERNAL_NAME, TechDataConnector, type TechDataConnectorOptions } from './connector';

export { TECHDATA_INTERNAL_NAME, TechDataConnector, type TechDataConnectorOptions };
export { TechDataErrorCodes } from './errors';
export { TECHDATA_PROPERTIES, TechDataPropertyNames, type TechDataSettings } from './properties';
export { techDataSignature } from './api-client';
export { checkResellerRelationshipUrl } from './relationship-url';

export const createTechDataConnector: ConnectorFactory = (deps) => new TechDataConnector(deps);

/** A factory with non-default options (benchmarks, tests). */
export function techDataConnectorFactory(options: TechDataConnectorOptions): ConnectorFactory {
  return (deps) => new TechDataConnector(deps, options);
}
