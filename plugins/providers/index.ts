/** The connectors this service ships, registered by internal name. */
import { ConnectorRegistry } from './registry';
import { createTechDataConnector, TECHDATA_INTERNAL_NAME } from './techdata';
import { FileTokenJournal, ionConnectorFactory, ION_INTERNAL_NAME } from './ion';
import { createDickerConnector, DICKER_INTERNAL_NAME } from './dicker';

export interface RegistryOptions {
  /**
   * Where Ion refresh-token renewals are journaled before they reach Dataverse. It must survive
   * restarts and be shared by every instance (on Azure App Service: under /home); default: a private folder in the user's home (token-journal.ts).
   */
  ionTokenJournalDir?: string;
}

export function defaultConnectorRegistry(options: RegistryOptions = {}): ConnectorRegistry {
  return new ConnectorRegistry()
    .register(TECHDATA_INTERNAL_NAME, createTechDataConnector)
    .register(
      ION_INTERNAL_NAME,
      ionConnectorFactory(
        options.ionTokenJournalDir ? { journal: new FileTokenJournal(options.ionTokenJournalDir) } : {},
      ),
    )
    .register(DICKER_INTERNAL_NAME, createDickerConnector);
}
