/**
 * Deterministic row ids of invoices, invoice lines and variances: the same invoice (provider and
 * number) always gets the same id, so a re-import collides with itself instead of adding a copy, and a
 * variance can refer to its invoice line without reading its id back.
 */
import { nameBasedGuid } from '../../common/ids';

export function invoiceRowId(providerId: string, invoiceNumber: string): string {
  return nameBasedGuid(`w365:invoice|${providerId.toLowerCase()}|${invoiceNumber}`);
}

export function invoiceLineRowId(invoiceId: string, lineNumber: number): string {
  return nameBasedGuid(`w365:invoiceline|${invoiceId.toLowerCase()}|${lineNumber}`);
}

export function varianceRowId(dedupeKey: string): string {
  return nameBasedGuid(`w365:variance|${dedupeKey}`);
}
