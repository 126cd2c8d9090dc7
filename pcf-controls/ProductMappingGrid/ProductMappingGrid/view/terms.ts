/** How the product grid says a term, a billing cycle and a mismatch in words (from the control's .resx). */
import type { Strings } from '../../../shared/strings';
import { BillingCycle } from '../ManifestConstants';
import type { Mismatch, ProductCandidate } from '../model/ranking';
import type { ProductRow } from '../model/types';
import type { StringKey } from '../strings-keys';

type S = Strings<StringKey>;

const BILLING_KEYS: Readonly<Record<number, StringKey>> = {
  [BillingCycle.Monthly]: 'Billing_Monthly',
  [BillingCycle.Annual]: 'Billing_Annual',
  [BillingCycle.Triennial]: 'Billing_Triennial',
  [BillingCycle.OneTime]: 'Billing_OneTime',
  [BillingCycle.None]: 'Billing_None',
};

export const billingText = (s: S, cycle: number | undefined): string =>
  cycle === undefined ? '' : s.get(BILLING_KEYS[cycle] ?? 'Billing_None');

/** `P1M, billed monthly`; the parts that are known. */
export function termAndBilling(s: S, term: string | undefined, cycle: number | undefined): string {
  const parts = [
    term ? s.get('Term_Text', term) : '',
    cycle === undefined ? '' : s.get('Billed_Text', billingText(s, cycle)),
  ];
  return parts.filter(Boolean).join(', ');
}

/** What a product serves, for its option: its terms and billing cycles, or that they are not known. */
export function servesText(s: S, c: ProductCandidate): string {
  if (c.terms.size === 0 && c.billingCycles.size === 0) return s.get('Serves_Unknown');
  const terms = [...c.terms].join(' / ');
  const billing = [...c.billingCycles].map((b) => billingText(s, b)).join(' / ');
  return s.get('Serves_Text', terms || '—', billing || '—');
}

/** Each mismatch in a sentence part: another provider's product, another term, another billing cycle. */
export function mismatchText(s: S, row: ProductRow, m: Mismatch): string {
  const parts: string[] = [];
  if (m.otherProvider) parts.push(s.get('Mismatch_Provider', m.otherProvider));
  if (m.term) parts.push(s.get('Mismatch_Term', m.term.product.join(' / '), row.term ?? ''));
  if (m.billing)
    parts.push(
      s.get(
        'Mismatch_Billing',
        m.billing.product.map((b) => billingText(s, b)).join(' / '),
        billingText(s, row.billingCycle),
      ),
    );
  return parts.join(' ');
}
