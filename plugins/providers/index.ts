/** The connectors this service ships, registered by internal name. */
import { ConnectorRegistry } from './registry';
import { createTechDataConnector, TECHDATA_INTERNAL_NAME } from './techdata';
import { createIonConnector, ION_INTERNAL_NAME } from './ion';
import { createDickerConnector, DICKER_INTERNAL_NAME } from './dicker';

export function defaultConnectorRegistry(): ConnectorRegistry {
  return new ConnectorRegistry()
    .register(TECHDATA_INTERNAL_NAME, createTechDataConnector)
    .register(ION_INTERNAL_NAME, createIonConnector)
    .register(DICKER_INTERNAL_NAME, createDickerConnector);
}
