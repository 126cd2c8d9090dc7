/**
 * Variances as rows to write (plain data, see plugins/invoices/row-write.ts): upserted by dedupe key,
 * with the review status set only when the row is created, so a rerun updates the figures of a
 * variance a person accepted without re-opening it. Also the job summary's totals per type and currency.
 */
import { Choices, Tables } from '../../../solution/schema';
import { invoiceLineRowId, varianceRowId } from '../../invoices/ids';
import type { LookupRef, RowWrite, Scalar } from '../../invoices/row-write';
import { varianceName } from './strings';
import type { InvoiceFacts, Variance, VarianceTypeName } from './types';

const V = Tables.variance;

/** Our type names -> the choice's members (the same words, capitalised). */
const CHOICE: Record<VarianceTypeName, number> = {
  quantity: Choices.varianceType.Quantity,
  unitCost: Choices.varianceType.UnitCost,
  priceBelowCost: Choices.varianceType.PriceBelowCost,
  missingInCrm: Choices.varianceType.MissingInCrm,
  missingOnInvoice: Choices.varianceType.MissingOnInvoice,
  unmappedSku: Choices.varianceType.UnmappedSku,
  unmappedAccount: Choices.varianceType.UnmappedAccount,
  currencyMismatch: Choices.varianceType.CurrencyMismatch,
  duplicateLine: Choices.varianceType.DuplicateLine,
  invoiceEmpty: Choices.varianceType.InvoiceEmpty,
  customerNoLines: Choices.varianceType.CustomerNoLines,
};

export function varianceTypeValue(type: VarianceTypeName): number {
  return CHOICE[type];
}

export function varianceWrite(invoice: InvoiceFacts, v: Variance): RowWrite {
  const lookups: Record<string, LookupRef> = {
    [V.col.provider]: { table: Tables.provider, id: invoice.providerId },
    [V.col.invoice]: { table: Tables.distributorInvoice, id: invoice.id },
  };
  const firstLine = v.lineNumbers[0];
  if (firstLine !== undefined)
    lookups[V.col.invoiceLine] = { table: Tables.invoiceLine, id: v.lineId ?? invoiceLineRowId(invoice.id, firstLine) };
  if (v.subscriptionId) lookups[V.col.subscription] = { table: Tables.subscription, id: v.subscriptionId };
  if (v.providerAccountId) lookups[V.col.providerAccount] = { table: Tables.providerAccount, id: v.providerAccountId };
  const values: Record<string, Scalar> = {
    [V.col.name]: varianceName(Choices.varianceType.label(CHOICE[v.type]), v.sku ?? v.customerId).slice(0, 400),
    [V.col.varianceType]: CHOICE[v.type],
    [V.col.expectedValue]: v.expected ?? null,
    [V.col.actualValue]: v.actual ?? null,
    [V.col.amountAtStake]: v.amountAtStake,
    [V.col.currencyCode]: v.currencyCode.slice(0, 3),
    [V.col.detail]: v.detail.slice(0, 1000),
    [V.col.sku]: v.sku?.slice(0, 200) ?? null,
    [V.col.providerCustomerId]: v.customerId?.slice(0, 200) ?? null,
  };
  return {
    table: V,
    id: varianceRowId(v.key),
    keyName: V.keys[0].logicalName,
    key: { [V.col.dedupeKey]: v.key },
    values,
    lookups,
    createOnly: { [V.col.reviewStatus]: Choices.varianceReviewStatus.Open },
  };
}

export interface VarianceTotals {
  type: VarianceTypeName;
  currencyCode: string;
  count: number;
  amountAtStake: number;
}

/** Count and amount at stake per type and currency, in the order of the types. */
export function totalsOf(variances: readonly Variance[]): VarianceTotals[] {
  const totals = new Map<string, VarianceTotals>();
  for (const v of variances) {
    const key = `${v.type}|${v.currencyCode}`;
    const t = totals.get(key) ?? { type: v.type, currencyCode: v.currencyCode, count: 0, amountAtStake: 0 };
    t.count++;
    t.amountAtStake = Math.round((t.amountAtStake + v.amountAtStake) * 100) / 100;
    totals.set(key, t);
  }
  const order = Object.keys(CHOICE);
  return [...totals.values()].sort(
    (a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.currencyCode.localeCompare(b.currencyCode),
  );
}
