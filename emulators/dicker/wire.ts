/**
 * How the sandbox writes feed lines, and how it breaks some of them on purpose. The feed is OUR DESIGN
 * modelled on Dicker's annuity export (see plugins/providers/dicker/feed-mapping.ts for the same design
 * from the reader's side): the export's columns as Pascal-case JSON fields, dates as 01-Jan-2025 [C-3p
 * format], numbers as JSON numbers [I].
 */
import type { DickerSandboxLine, DickerSandboxTenant } from './dataset';

export type LineMalformation =
  | 'badTenantId'
  | 'missingSubscriptionId'
  | 'badBillingCode'
  | 'truncatedStockCode'
  | 'textQty'
  | 'unknownStatus'
  | 'impossibleDate';
export const LINE_MALFORMATIONS: readonly LineMalformation[] = [
  'badTenantId',
  'missingSubscriptionId',
  'badBillingCode',
  'truncatedStockCode',
  'textQty',
  'unknownStatus',
  'impossibleDate',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2025-01-01 -> 01-Jan-2025, as Dicker's exports write dates [C-3p]. */
export function exportDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y}`;
}

export function lineToWire(
  line: DickerSandboxLine,
  tenant: DickerSandboxTenant | undefined,
  malformation?: LineMalformation,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    TenantId: line.tenantId,
    TenantName: tenant?.tenantName ?? '',
    SubscriptionId: line.subscriptionId,
    StockCode: line.stockCode,
    Reference: line.reference,
    StockDescription: line.stockDescription,
    Qty: line.qty,
    ChargeType: line.chargeType,
    Status: line.status,
    UnitPrice: line.unitPrice,
    UnitRRP: line.unitRrp,
    RevaluationPeriod: line.revaluationPeriod,
    StartUsage: exportDate(line.startUsage),
    EndUsage: exportDate(line.endUsage),
    TermStart: exportDate(line.termStart),
    TermEnd: exportDate(line.termEnd),
  };
  if (malformation === 'badTenantId') wire.TenantId = 'TENANT-7';
  else if (malformation === 'missingSubscriptionId') delete wire.SubscriptionId;
  else if (malformation === 'badBillingCode') wire.StockCode = String(line.stockCode).replace(/:[^:]+:$/, ':Q:');
  else if (malformation === 'truncatedStockCode')
    wire.StockCode = String(line.stockCode).split(':').filter(Boolean).slice(0, 2).join(':').slice(0, 10);
  else if (malformation === 'textQty') wire.Qty = 'ten';
  else if (malformation === 'unknownStatus') wire.Status = 'Frozen';
  else if (malformation === 'impossibleDate') wire.TermEnd = '31-Feb-2025';
  return wire;
}

export function failure(message: string): { Status: 'Error'; Message: string } {
  return { Status: 'Error', Message: message };
}
