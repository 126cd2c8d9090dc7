/**
 * Demo data for the migration flow: a Manual provider (the partner's "TechData, kept by hand" before
 * automation) with manual subscriptions and their License Change Log history, for customers whose
 * synced subscriptions will arrive from the sandbox, plus one that has no synced twin (unpaired).
 * Insert-only (insert-only.ts): after a migration has moved this history and deactivated the manual
 * subscriptions, a restart must leave them as the migration left them.
 */
import { Choices, Tables } from '../../solution/schema';
import type { DataverseClient } from '../../plugins/dataverse/client';
import type { TechDataDataset } from '../techdata/dataset';
import { demoId } from './ids';
import { InsertOnlyWriter } from './insert-only';

export const DEMO_MANUAL_PROVIDER = 'TechData (manual, before automation)';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;

export interface ManualSeedResult {
  manualProviderId: string;
  subscriptions: number;
  logEntries: number;
}

export async function seedManualSubscriptions(
  dv: DataverseClient,
  input: { dataset: TechDataDataset; internalName: string; customersWithManual?: number },
): Promise<ManualSeedResult> {
  const P = Tables.provider;
  const writer = new InsertOnlyWriter(dv);
  const manualProviderId = demoId('provider', input.internalName, DEMO_MANUAL_PROVIDER);
  writer.queue(P.entitySetName, manualProviderId, {
    [P.col.name]: DEMO_MANUAL_PROVIDER,
    [P.col.internalName]: input.internalName,
    [P.col.providerType]: Choices.providerType.Manual,
  });
  // Customers at index 12, 22, ... get the same name in CRM (see demo-data.ts) and are past the sandbox's
  // fixed near-duplicate names, so automap maps them and their subscriptions sync.
  const picked = input.dataset.customers
    .filter((_, i) => i >= 12 && i % 10 === 2)
    .slice(0, input.customersWithManual ?? 2);
  let subscriptions = 0;
  let logEntries = 0;
  for (const c of picked) {
    const accountId = demoId('account', c.endCustomerId, 0);
    const lines = input.dataset.subscriptions.filter((s) => s.endCustomerId === c.endCustomerId).slice(0, 2);
    const manual = [
      ...lines.map((s) => ({
        key: s.subscriptionId,
        name: `${s.name} (entered by hand)`,
        sku: s.sku,
        quantity: s.quantity,
      })),
      // A licence bought elsewhere long ago: no synced twin, so the migration lists it as unpaired.
      {
        key: `${c.endCustomerId}-legacy`,
        name: 'Exchange Online Archiving (entered by hand)',
        sku: '99999999',
        quantity: 3,
      },
    ];
    for (const m of manual) {
      const id = demoId('manual-subscription', m.key);
      writer.queue(S.entitySetName, id, {
        [S.col.name]: m.name,
        [`${S.nav.provider}@odata.bind`]: `/${P.entitySetName}(${manualProviderId})`,
        [`${S.nav.customer}@odata.bind`]: `/accounts(${accountId})`,
        [S.col.providerPartNumber]: m.sku,
        [S.col.quantity]: m.quantity,
        [S.col.channel]: Choices.channel.Manual,
        [S.col.isSynced]: false,
        [S.col.subscriptionStatus]: Choices.subscriptionStatus.Active,
      });
      subscriptions++;
      // History that sums to the quantity: created smaller, increased twice, decreased once.
      const start = Math.max(1, m.quantity - 3);
      const steps: ['Create' | 'Increase' | 'Decrease', number][] = [
        ['Create', start],
        ['Increase', 2],
        ['Increase', 2],
        ['Decrease', m.quantity - start - 4],
      ];
      let after = 0;
      for (let i = 0; i < steps.length; i++) {
        const [type, delta] = steps[i];
        if (delta === 0) continue;
        after += delta;
        const changeType = type;
        writer.queue(L.entitySetName, demoId('manual-lcl', m.key, i), {
          [L.col.name]: `${changeType} ${delta > 0 ? '+' : ''}${delta}: ${m.name}`,
          [`${L.nav.subscription}@odata.bind`]: `/${S.entitySetName}(${id})`,
          [L.col.changeType]: Choices.changeType[changeType as 'Create' | 'Increase' | 'Decrease'],
          [L.col.quantityDelta]: delta,
          [L.col.quantityAfter]: after,
          [L.col.effectiveDate]: new Date(Date.UTC(2024, 2 + i * 3, 1)).toISOString(),
          [L.col.provisioningStatus]: Choices.provisioningStatus.Provisioned,
          [L.col.source]: Choices.changeSource.Manual,
          [L.col.changeKey]: `manual:${m.key}:${i}`,
        });
        logEntries++;
      }
    }
  }
  await writer.flush();
  return { manualProviderId, subscriptions, logEntries };
}
