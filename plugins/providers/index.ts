/** The connectors this service ships, registered by internal name. */
import { ConnectorRegistry } from './registry';
import { createTechDataConnector, TECHDATA_INTERNAL_NAME } from './techdata';

export function defaultConnectorRegistry(): ConnectorRegistry {
  return new ConnectorRegistry().register(TECHDATA_INTERNAL_NAME, createTechDataConnector);
}
