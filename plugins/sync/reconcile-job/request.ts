/**
 * What a Reconcile job is asked to compare, from its parameters: `{"invoiceId": "<id>"}` (the ribbon
 * on a Distributor Invoice), `{"invoiceNumber": "INV-1"}` or `{"period": "2025-06"}` (the command
 * line; the period's only invoice), and optionally `{"tolerance": {"amount": 0.5, "percent": 2}}`.
 * The tolerance is the job's, else the provider's Additional Properties (Reconcile Tolerance Amount /
 * Percent), else 0.05 in the invoice's currency: a difference within it is rounding, not a variance.
 */
import { W365Error } from '../../../common/errors';
import { readDeclared } from '../../providers/common/properties';
import type { ProviderConfig } from '../../providers/types';
import { monthPeriod, toleranceOf } from '../invoice-import/request';
import type { Tolerance } from '../reconcile';
import { ReconcileErrorCodes } from './errors';
import { ReconcileMessages, ToleranceProperties } from './strings';

export type InvoiceRef =
  | { kind: 'id'; id: string }
  | { kind: 'number'; number: string }
  | { kind: 'period'; periodStart: string; periodEnd: string };

export interface ReconcileRequest {
  invoice: InvoiceRef;
  tolerance: Partial<Tolerance>;
}

/** Rounding, not a variance: five cents (of the invoice's currency) and no percentage. */
export const DEFAULT_TOLERANCE: Tolerance = { amount: 0.05, percent: 0 };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const bad = (field: string, expected: string) =>
  new W365Error(ReconcileErrorCodes.ParametersInvalid, ReconcileMessages.badParameter(field, expected));

function invoiceRefOf(p: Readonly<Record<string, unknown>>): InvoiceRef {
  if (p.invoiceId !== undefined) {
    if (typeof p.invoiceId !== 'string' || !GUID.test(p.invoiceId)) throw bad('invoiceId', "an invoice's id (a GUID)");
    return { kind: 'id', id: p.invoiceId };
  }
  if (p.invoiceNumber !== undefined) {
    if (typeof p.invoiceNumber !== 'string' || !p.invoiceNumber.trim())
      throw bad('invoiceNumber', 'the invoice number');
    return { kind: 'number', number: p.invoiceNumber.trim() };
  }
  if (p.period !== undefined) {
    const month = typeof p.period === 'string' ? monthPeriod(p.period) : undefined;
    if (!month) throw bad('period', 'a month written yyyy-mm, e.g. 2025-06');
    return { kind: 'period', ...month };
  }
  throw new W365Error(ReconcileErrorCodes.ParametersInvalid, ReconcileMessages.noInvoice);
}

export function reconcileRequestOf(parameters: Readonly<Record<string, unknown>>): ReconcileRequest {
  if (parameters.invalid !== undefined) throw bad('(parameters)', 'a JSON object');
  return { invoice: invoiceRefOf(parameters), tolerance: toleranceOf(parameters.tolerance, 'tolerance', bad) };
}

function propertyNumber(config: ProviderConfig, name: string): number | undefined {
  const value = readDeclared(config, {
    name,
    label: name,
    source: 'property',
    required: false,
    secret: false,
    description: '',
  });
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new W365Error(ReconcileErrorCodes.ToleranceInvalid, ReconcileMessages.toleranceInvalid(name, value));
  return n;
}

/** The job's tolerance, else the provider's, else the default; each bound on its own. */
export function toleranceFor(request: ReconcileRequest, config: ProviderConfig): Tolerance {
  return {
    amount: request.tolerance.amount ?? propertyNumber(config, ToleranceProperties.amount) ?? DEFAULT_TOLERANCE.amount,
    percent:
      request.tolerance.percent ?? propertyNumber(config, ToleranceProperties.percent) ?? DEFAULT_TOLERANCE.percent,
  };
}
