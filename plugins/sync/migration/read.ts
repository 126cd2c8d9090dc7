/**
 * Reads what a migration pairs: the provider's manual subscriptions (not synced, still active, on this
 * provider or on a Manual / Do Nothing provider with the same connector, as partners kept them before the
 * automatic provider existed) and its synced ones, with the SKU of each and the log entries that would move.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import type { Row } from '../../dataverse/client';
import { eq } from '../../dataverse/odata';
import type { MigrationSubscription } from './plan';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const P = Tables.provider;
const CUSTOMER_NAME = `${S.val.customer}@OData.Community.Display.V1.FormattedValue`;

export interface MigrationInput {
  manual: MigrationSubscription[];
  synced: MigrationSubscription[];
  /** Movable log entry ids per manual subscription. */
  entries: Map<string, { id: string; delta: number }[]>;
  manualProviderNames: string[];
}

async function rowsWithNames(dv: DataverseApi, filter: string, signal?: AbortSignal): Promise<Row[]> {
  const out: Row[] = [];
  for await (const page of dv.pages(
    S,
    { select: [S.col.id, S.col.name, S.col.quantity, S.col.providerPartNumber, S.val.customer, S.val.product], filter },
    { annotations: true, signal },
  ))
    out.push(...page);
  return out;
}

export async function readMigrationInput(
  dv: DataverseApi,
  providerId: string,
  signal?: AbortSignal,
): Promise<MigrationInput> {
  const manualProviders = await siblingManualProviders(dv, providerId, signal);
  const providerIds = [providerId, ...manualProviders.map((p) => String(p[P.col.id]))];
  const providerFilter = `(${providerIds.map((id) => eq(S.val.provider, { guid: id })).join(' or ')})`;
  const notSynced = `(${eq(S.col.isSynced, false)} or ${S.col.isSynced} eq null)`;
  const active = eq(S.col.stateCode, 0);
  const manualRows = await rowsWithNames(dv, `${providerFilter} and ${notSynced} and ${active}`, signal);
  const syncedRows = await rowsWithNames(
    dv,
    `${eq(S.val.provider, { guid: providerId })} and ${eq(S.col.isSynced, true)} and ${active}`,
    signal,
  );
  const partNumbers = await productPartNumbers(dv, manualRows, signal);
  const entries = await movableEntries(
    dv,
    manualRows.map((r) => String(r[S.col.id])),
    signal,
  );
  const toSub = (r: Row, sku: string | undefined): MigrationSubscription => {
    const id = String(r[S.col.id]);
    const moving = entries.get(id) ?? [];
    return {
      id,
      name: String(r[S.col.name] ?? ''),
      customerId: (r[S.val.customer] as string | null) ?? undefined,
      customerName: (r[CUSTOMER_NAME] as string | undefined) ?? undefined,
      sku,
      quantity: Number(r[S.col.quantity] ?? 0),
      movableEntries: moving.length,
      movableDelta: moving.reduce((n, e) => n + e.delta, 0),
    };
  };
  return {
    manual: manualRows.map((r) =>
      toSub(r, (r[S.col.providerPartNumber] as string | null) ?? partNumbers.get(String(r[S.val.product] ?? ''))),
    ),
    synced: syncedRows.map((r) => toSub(r, (r[S.col.providerPartNumber] as string | null) ?? undefined)),
    entries,
    manualProviderNames: manualProviders.map((p) => String(p[P.col.name])),
  };
}

/** Other providers of the same connector that are not Automatic: where manual subscriptions were kept. */
async function siblingManualProviders(dv: DataverseApi, providerId: string, signal?: AbortSignal): Promise<Row[]> {
  const provider = await dv.retrieve(P, providerId, [P.col.internalName, P.col.name], signal);
  const internalName = String(provider?.[P.col.internalName] ?? '');
  const rows = await dv.all(
    P,
    { select: [P.col.id, P.col.name, P.col.providerType], filter: eq(P.col.internalName, internalName) },
    { signal },
  );
  return rows.filter(
    (p) => String(p[P.col.id]) !== providerId && Number(p[P.col.providerType]) !== Choices.providerType.Automatic,
  );
}

/** A manual subscription's SKU: its own Provider Part Number, else its product's (read here, 50 at a time). */
async function productPartNumbers(
  dv: DataverseApi,
  manualRows: Row[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const PR = Tables.product;
  const ids = [
    ...new Set(
      manualRows.filter((r) => !r[S.col.providerPartNumber] && r[S.val.product]).map((r) => String(r[S.val.product])),
    ),
  ];
  const partNumbers = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 50) {
    const filter = ids
      .slice(i, i + 50)
      .map((id) => eq(PR.col.id, { guid: id }))
      .join(' or ');
    for (const p of await dv.all(PR, { select: [PR.col.id, PR.col.providerPartNumber], filter }, { signal }))
      if (p[PR.col.providerPartNumber]) partNumbers.set(String(p[PR.col.id]), String(p[PR.col.providerPartNumber]));
  }
  return partNumbers;
}

/** The log entries that move with each manual subscription: all but its Create entry. */
async function movableEntries(
  dv: DataverseApi,
  manualIds: string[],
  signal?: AbortSignal,
): Promise<Map<string, { id: string; delta: number }[]>> {
  const entries = new Map<string, { id: string; delta: number }[]>();
  for (let i = 0; i < manualIds.length; i += 50) {
    const filter = `(${manualIds
      .slice(i, i + 50)
      .map((id) => eq(L.val.subscription, { guid: id }))
      .join(' or ')}) and ${L.col.changeType} ne ${Choices.changeType.Create}`;
    for await (const e of dv.rows(
      L,
      { select: [L.col.id, L.col.quantityDelta, L.val.subscription], filter },
      { signal },
    )) {
      const sub = String(e[L.val.subscription]);
      const list = entries.get(sub) ?? [];
      list.push({ id: String(e[L.col.id]), delta: Number(e[L.col.quantityDelta] ?? 0) });
      entries.set(sub, list);
    }
  }
  return entries;
}
