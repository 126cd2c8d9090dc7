/** The TD SYNNEX StreamOne Ion v3 connector: what the registry and the rest of the service import. */
import type { ConnectorFactory } from '../types';
import { ION_INTERNAL_NAME, IonConnector, type IonConnectorOptions } from './connector';
import { FileTokenJournal } from './token-journal';

export { ION_INTERNAL_NAME, IonConnector, type IonConnectorOptions };
export { IonErrorCodes } from './errors';
export { ION_PROPERTIES, IonPropertyNames, DEFAULT_MICROSOFT_PROVIDER_ID, type IonSettings } from './properties';
export { FileTokenJournal, defaultJournalDir, type JournalEntry, type TokenJournal } from './token-journal';
export { decodeState, type IonTokenState } from './token-state';

/**
 * A factory with non-default options. Connectors are made per job; the journal is made once here so that
 * its in-memory fallback (when the disk refuses a write) lives as long as the service.
 */
export function ionConnectorFactory(options: IonConnectorOptions = {}): ConnectorFactory {
  const shared: IonConnectorOptions = { ...options, journal: options.journal ?? new FileTokenJournal() };
  return (deps) => new IonConnector(deps, shared);
}

export const createIonConnector: ConnectorFactory = ionConnectorFactory();
