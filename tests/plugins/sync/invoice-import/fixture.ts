/**
 * An invoice CSV built from what the CRM holds after a sync over the TechData sandbox: one Recurring
 * line per active monthly subscription for a billing period the subscriptions all run through, at the
 * CRM's unit cost, so a clean invoice reconciles to nothing and each planted change is one variance.
 */
import { stringify } from 'csv-stringify/sync';
import { Choices, Tables } from '../../../../solution/schema';
import { createRow } from '../../../../plugins/dataverse/intents';
import { eq } from '../../../../plugins/dataverse/odata';
import type { Harness } from '../../../helpers/harness';

const S = Tables.subscription;
const PA = Tables.providerAccount;
const N = Tables.annotation;

export interface CrmSubscription {
  id: string;
  providerSubscriptionId: string;
  customerId: string;
  sku: string;
  quantity: number;
  unitCost: number;
}

export interface InvoiceLineSpec {
  customerId: string;
  subscriptionId: string;
  sku: string;
  quantity: number;
  unitCost: number;
  chargeType?: string;
}

export const PERIOD = { start: '2026-11-01', end: '2026-11-30' } as const;

/** Active monthly subscriptions started before the period, with their customer's distributor id. */
export async function crmSubscriptions(h: Harness): Promise<CrmSubscription[]> {
  const accounts = await h.dv.all(PA, {
    select: [PA.col.id, PA.col.providerSpecificId],
    filter: eq(PA.val.provider, { guid: h.providerId }),
  });
  const customerOf = new Map(accounts.map((a) => [String(a[PA.col.id]), String(a[PA.col.providerSpecificId])]));
  const rows = await h.dv.all(S, {
    select: [
      S.col.id,
      S.col.providerSubscriptionId,
      S.col.providerPartNumber,
      S.col.quantity,
      S.col.unitCost,
      S.col.startDate,
      S.col.billingCycle,
      S.col.subscriptionStatus,
      S.val.providerAccount,
    ],
    filter: eq(S.val.provider, { guid: h.providerId }),
  });
  return rows
    .filter(
      (r) =>
        r[S.col.subscriptionStatus] === Choices.subscriptionStatus.Active &&
        r[S.col.billingCycle] === Choices.billingCycle.Monthly &&
        String(r[S.col.startDate] ?? '9999').slice(0, 10) < PERIOD.start,
    )
    .map((r) => ({
      id: String(r[S.col.id]),
      providerSubscriptionId: String(r[S.col.providerSubscriptionId]),
      customerId: customerOf.get(String(r[S.val.providerAccount])) ?? '',
      sku: String(r[S.col.providerPartNumber]),
      quantity: Number(r[S.col.quantity]),
      unitCost: Number(r[S.col.unitCost] ?? 0),
    }))
    .sort((a, b) => a.providerSubscriptionId.localeCompare(b.providerSubscriptionId));
}

export const lineOf = (s: CrmSubscription): InvoiceLineSpec => ({
  customerId: s.customerId,
  subscriptionId: s.providerSubscriptionId,
  sku: s.sku,
  quantity: s.quantity,
  unitCost: s.unitCost,
});

export function invoiceCsv(number: string, lines: readonly InvoiceLineSpec[]): string {
  const amountOf = (l: InvoiceLineSpec) => Math.round(l.quantity * l.unitCost * 100) / 100;
  const total = Math.round(lines.reduce((sum, l) => sum + amountOf(l), 0) * 100) / 100;
  return stringify(
    lines.map((l, i) => ({
      InvoiceNumber: number,
      InvoiceDate: '2026-12-01',
      BillingPeriodStart: PERIOD.start,
      BillingPeriodEnd: PERIOD.end,
      Currency: 'USD',
      InvoiceTotal: total.toFixed(2),
      LineNumber: i + 1,
      CustomerId: l.customerId,
      SubscriptionId: l.subscriptionId,
      Sku: l.sku,
      Quantity: l.quantity,
      UnitCost: l.unitCost,
      Amount: amountOf(l).toFixed(2),
      ChargeType: l.chargeType ?? 'Recurring',
    })),
    { header: true },
  );
}

/** The file as the ribbon uploads it: a note on the Provider. */
export async function attachToProvider(h: Harness, fileName: string, content: string, providerId = h.providerId) {
  const written = await h.dv.write(
    createRow(N, {
      values: {
        [N.col.subject]: `Invoice file ${fileName}`,
        [N.col.fileName]: fileName,
        [N.col.mimeType]: 'text/csv',
        [N.col.documentBody]: Buffer.from(content).toString('base64'),
        [N.col.isDocument]: true,
      },
      lookups: { [N.col.objectId]: { table: Tables.provider, id: providerId } },
    }),
  );
  return String(written.id);
}
