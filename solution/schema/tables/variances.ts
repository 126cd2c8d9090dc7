/**
 * Reconciliation variances (issue 17): one row per difference between a distributor invoice and what
 * the CRM holds, with the two values and the amount at stake in the invoice currency. The dedupe key
 * (an alternate key) is derived from what the variance is about, never from its values, so a rerun of
 * the reconciliation updates the same row instead of adding one, and a person's review status (Open /
 * Accepted / Fixed) survives it.
 */
import * as Choices from '../choices';
import { col, customLookup, defineTable } from '../define';

export const variance = defineTable({
  logicalName: 'w365_variance',
  entitySetName: 'w365_variances',
  displayName: 'Variance',
  pluralDisplayName: 'Variances',
  description: 'One difference between a distributor invoice and the CRM, found by a reconciliation.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    provider: customLookup(
      'w365_providerid',
      'w365_ProviderId',
      'Provider',
      'w365_provider',
      'w365_provider_variance',
      { required: 'required' },
    ),
    invoice: customLookup(
      'w365_invoiceid',
      'w365_InvoiceId',
      'Invoice',
      'w365_distributorinvoice',
      'w365_distributorinvoice_variance',
      { required: 'required' },
    ),
    invoiceLine: customLookup(
      'w365_invoicelineid',
      'w365_InvoiceLineId',
      'Invoice Line',
      'w365_invoiceline',
      'w365_invoiceline_variance',
    ),
    subscription: customLookup(
      'w365_subscriptionid',
      'w365_SubscriptionId',
      'Subscription',
      'w365_subscription',
      'w365_subscription_variance',
    ),
    providerAccount: customLookup(
      'w365_provideraccountid',
      'w365_ProviderAccountId',
      'Provider Account',
      'w365_provideraccount',
      'w365_provideraccount_variance',
    ),
    varianceType: col.choice('w365_variancetype', 'Variance Type', Choices.varianceType, { required: 'required' }),
    expectedValue: col.decimal('w365_expectedvalue', 'Expected (CRM)', { precision: 4 }),
    actualValue: col.decimal('w365_actualvalue', 'Actual (Invoice)', { precision: 4 }),
    amountAtStake: col.decimal('w365_amountatstake', 'Amount at Stake', {
      precision: 4,
      description: 'In the invoice currency; positive when the partner is billed more than the CRM expects.',
    }),
    currencyCode: col.string('w365_currencycode', 'Currency Code', 3),
    reviewStatus: col.choice('w365_reviewstatus', 'Review Status', Choices.varianceReviewStatus, {
      required: 'required',
      defaultValue: Choices.varianceReviewStatus.Open,
    }),
    detail: col.string('w365_detail', 'Detail', 1000),
    sku: col.string('w365_sku', 'SKU', 200),
    providerCustomerId: col.string('w365_providercustomerid', 'Distributor Customer Id', 200),
    dedupeKey: col.string('w365_dedupekey', 'Dedupe Key', 300, {
      required: 'required',
      description: 'What the variance is about (never its values): a rerun updates this row instead of adding one.',
    }),
  },
  keys: [{ logicalName: 'w365_variance_dedupekey', displayName: 'Dedupe Key', columns: ['dedupeKey'] }],
});
