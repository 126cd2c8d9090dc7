/** The Dicker Data connector: what the registry and the rest of the service import. */
import type { ConnectorFactory } from '../types';
import { DICKER_INTERNAL_NAME, DickerConnector, type DickerConnectorOptions } from './connector';

export { DICKER_INTERNAL_NAME, DickerConnector, type DickerConnectorOptions };
export { DickerErrorCodes } from './errors';
export { DICKER_PROPERTIES, DickerPropertyNames, type DickerSettings } from './properties';
export { parseStockCode, type StockCode, type StockCodeResult, type Term } from './stock-code';
export { FEED_PATH, FIELDS as FEED_FIELDS } from './feed-mapping';
export { ACCESS_KEY_PATH } from './access-key';

export const createDickerConnector: ConnectorFactory = (deps) => new DickerConnector(deps);

/** A factory with non-default options (benchmarks, tests). */
export function dickerConnectorFactory(options: DickerConnectorOptions): ConnectorFactory {
  return (deps) => new DickerConnector(deps, options);
}
