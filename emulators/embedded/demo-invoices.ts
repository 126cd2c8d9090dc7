/**
 * The demo's invoice for the TechData provider (a distributor without an invoice API, so its invoices
 * come as files): built from what the demo's own sync wrote, one Recurring line per active monthly
 * subscription for the last calendar month, with three planted variances a reviewer can find: one line
 * billing two seats more than the CRM has, one at a lower unit cost than the CRM's, and one for a
 * subscription the CRM does not know. (Ion and Dicker Data invoice through their APIs; their sandboxes
 * build the invoices from their own data.)
 */
import { stringify } from 'csv-stringify/sync';
import { Choices, Tables } from '../../solution/schema';
import type { DataverseApi } from '../../plugins/dataverse/api';
import { eq } from '../../plugins/dataverse/odata';

const S = Tables.subscription;
const PA = Tables.providerAccount;

/** The calendar month before `now`: yyyy-mm and its first and last days. */
export function lastMonth(now: Date): { month: string; start: string; end: string } {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { month: day(first).slice(0, 7), start: day(first), end: day(last) };
}

export interface DemoInvoiceFile {
  invoiceNumber: string;
  fileName: string;
  content: Buffer;
  planted: number;
}

export async function demoTechDataInvoice(dv: DataverseApi, providerId: string, now: Date): Promise<DemoInvoiceFile> {
  const period = lastMonth(now);
  const accounts = await dv.all(PA, {
    select: [PA.col.id, PA.col.providerSpecificId],
    filter: eq(PA.val.provider, { guid: providerId }),
  });
  const customerOf = new Map(accounts.map((a) => [String(a[PA.col.id]), String(a[PA.col.providerSpecificId])]));
  const filter = [
    eq(S.val.provider, { guid: providerId }),
    eq(S.col.subscriptionStatus, Choices.subscriptionStatus.Active),
    eq(S.col.billingCycle, Choices.billingCycle.Monthly),
    `${S.col.startDate} lt ${period.start}T00:00:00Z`,
  ].join(' and ');
  const select = [S.col.providerSubscriptionId, S.col.providerPartNumber, S.col.quantity, S.col.unitCost];
  const subs = await dv.all(S, {
    select: [...select, S.val.providerAccount],
    filter,
    orderby: S.col.providerSubscriptionId,
  });
  const lines = subs.map((r) => ({
    customerId: customerOf.get(String(r[S.val.providerAccount])) ?? '',
    subscriptionId: String(r[S.col.providerSubscriptionId]),
    sku: String(r[S.col.providerPartNumber]),
    quantity: Number(r[S.col.quantity]),
    unitCost: Number(r[S.col.unitCost] ?? 0),
  }));
  if (lines.length >= 3) {
    lines[0] = { ...lines[0], quantity: lines[0].quantity + 2 };
    lines[1] = { ...lines[1], unitCost: Math.round(lines[1].unitCost * 90) / 100 };
    lines.push({ ...lines[2], subscriptionId: 'DEMO-NOT-IN-CRM', quantity: 3 });
  }
  const invoiceNumber = `TD-DEMO-${period.month}`;
  const csv = stringify(
    lines.map((l, i) => ({
      InvoiceNumber: invoiceNumber,
      BillingPeriodStart: period.start,
      BillingPeriodEnd: period.end,
      Currency: 'USD',
      LineNumber: i + 1,
      CustomerId: l.customerId,
      SubscriptionId: l.subscriptionId,
      Sku: l.sku,
      Quantity: l.quantity,
      UnitCost: l.unitCost,
      Amount: (Math.round(l.quantity * l.unitCost * 100) / 100).toFixed(2),
      ChargeType: 'Recurring',
    })),
    { header: true },
  );
  return {
    invoiceNumber,
    fileName: `${invoiceNumber}.csv`,
    content: Buffer.from(csv),
    planted: lines.length >= 3 ? 3 : 0,
  };
}
