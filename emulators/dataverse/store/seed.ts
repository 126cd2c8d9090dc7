/**
 * Rows every Dataverse environment has before anyone writes: the SDK messages and their per-table
 * filters (what webhook steps bind to), one application user per client, and the base currency.
 * Ids are name-based, so seeding a file database again (every start) inserts only what is missing.
 */
import { Platform as Tables } from '../platform';
import type { EmulatorClient } from '../clients';
import { q } from './ddl';
import { SYS } from './model';
import { stableGuid } from './ids';
import { nowIso, type Store } from './store';
import type { Row } from './codec';

/** The messages the emulator raises events for, plus the common ones integrators look up. */
export const SDK_MESSAGES = [
  'Create',
  'Update',
  'Delete',
  'Retrieve',
  'RetrieveMultiple',
  'Associate',
  'Disassociate',
  'SetState',
  'Assign',
];
const FILTERED_MESSAGES = ['Create', 'Update', 'Delete', 'Retrieve', 'RetrieveMultiple'];

export const sdkMessageId = (name: string): string => stableGuid(`sdkmessage:${name}`);
export const sdkMessageFilterId = (message: string, table: string): string =>
  stableGuid(`sdkmessagefilter:${message}:${table}`);
export const BASE_CURRENCY_ID = stableGuid('transactioncurrency:USD');
export const ORGANIZATION_ID = stableGuid('organization');
export const BUSINESS_UNIT_ID = stableGuid('businessunit');
export const ORGANIZATION_NAME = 'w365emulator';

function insertIfMissing(store: Store, table: string, row: Row): void {
  const t = store.model.table(table);
  if (store.getById(t, String(row[t.pk]))) return;
  const now = nowIso();
  const full: Row = { ...row, [SYS.createdOn]: now, [SYS.modifiedOn]: now, [SYS.versionNumber]: store.nextVersion() };
  if (t.states.length > 0) {
    full[SYS.stateCode] = t.states[0].value;
    full[SYS.statusCode] = t.states[0].defaultStatus;
  }
  store.insert(t, full);
}

/** Inserts `row`, or updates the columns that differ: rows that mirror the catalog follow each import. */
function upsert(store: Store, table: string, row: Row): void {
  const t = store.model.table(table);
  const existing = store.getById(t, String(row[t.pk]));
  if (!existing) {
    insertIfMissing(store, table, row);
    return;
  }
  const changes = Object.fromEntries(Object.entries(row).filter(([k, v]) => existing[k] !== v));
  if (Object.keys(changes).length === 0) return;
  store.update(t, String(row[t.pk]), {
    ...changes,
    [SYS.modifiedOn]: nowIso(),
    [SYS.versionNumber]: store.nextVersion(),
  });
}

export const solutionId = (uniqueName: string): string => stableGuid(`solution:${uniqueName.toLowerCase()}`);
export const environmentVariableDefinitionId = (schemaName: string): string =>
  stableGuid(`environmentvariabledefinition:${schemaName.toLowerCase()}`);

/** Rows that mirror the catalog: installed solutions and environment variable definitions. */
function seedCatalogRows(store: Store): void {
  const catalog = store.model.catalog;
  const s = Tables.solution.col;
  for (const sol of catalog.solutions) {
    upsert(store, Tables.solution.logicalName, {
      [s.id]: solutionId(sol.uniqueName),
      [s.uniqueName]: sol.uniqueName,
      [s.friendlyName]: sol.friendlyName,
      [s.version]: sol.version,
      [s.isManaged]: sol.managed ? 1 : 0,
    });
    const row = store.getById(store.model.table(Tables.solution.logicalName), solutionId(sol.uniqueName));
    if (row && !row[s.installedOn])
      store.update(store.model.table(Tables.solution.logicalName), solutionId(sol.uniqueName), {
        [s.installedOn]: nowIso(),
      });
  }
  const d = Tables.environmentVariableDefinition.col;
  for (const v of catalog.environmentVariables) {
    upsert(store, Tables.environmentVariableDefinition.logicalName, {
      [d.id]: environmentVariableDefinitionId(v.schemaName),
      [d.schemaName]: v.schemaName,
      [d.displayName]: v.displayName,
      [d.description]: v.description,
      [d.type]: v.type,
      [d.defaultValue]: v.defaultValue ?? null,
    });
  }
}

export function seed(store: Store, clients: readonly EmulatorClient[]): void {
  const run = store.db.transaction(() => {
    const c = Tables.transactionCurrency.col;
    insertIfMissing(store, Tables.transactionCurrency.logicalName, {
      [c.id]: BASE_CURRENCY_ID,
      [c.currencyName]: 'US Dollar',
      [c.isoCurrencyCode]: 'USD',
      [c.currencySymbol]: '$',
      [c.exchangeRate]: 1,
      [c.currencyPrecision]: 2,
    });
    const m = Tables.sdkMessage.col;
    const f = Tables.sdkMessageFilter.col;
    for (const name of SDK_MESSAGES) {
      insertIfMissing(store, Tables.sdkMessage.logicalName, { [m.id]: sdkMessageId(name), [m.name]: name });
    }
    for (const message of FILTERED_MESSAGES) {
      for (const t of store.model.tables.values()) {
        insertIfMissing(store, Tables.sdkMessageFilter.logicalName, {
          [f.id]: sdkMessageFilterId(message, t.name),
          [f.name]: `${message} of ${t.name}`,
          [f.message]: sdkMessageId(message),
          [f.primaryObjectTypeCode]: t.name,
        });
      }
    }
    const u = Tables.systemUser.col;
    for (const client of clients) {
      insertIfMissing(store, Tables.systemUser.logicalName, {
        [u.id]: client.userId,
        [u.fullName]: client.displayName,
        [u.domainName]: `${client.clientId}@emulator.local`,
        [u.applicationId]: client.applicationId,
        [u.azureActiveDirectoryObjectId]: client.objectId,
        [u.isDisabled]: 0,
      });
    }
    seedCatalogRows(store);
  });
  run();
}

/** Row count of a table (tests and benchmarks). */
export function countRows(store: Store, table: string): number {
  const r = store.get(`SELECT COUNT(*) AS n FROM ${q(table)}`, []);
  return Number(r?.n ?? 0);
}
