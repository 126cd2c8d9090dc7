/**
 * NCE commitment columns of the Subscription (issue 17), synced from the connectors that have them and
 * left empty where a distributor does not say (never guessed). Kept in their own file and spread into
 * the subscription table, so the table file itself changes by one line.
 */
import { col } from '../define';

export const nceSubscriptionColumns = {
  termEndDate: col.datetime('w365_termenddate', 'Term End Date', {
    behavior: 'dateonly',
    description: 'Last day of the current commitment term (inclusive, as Partner Center states it).',
  }),
  cancellationAllowedUntil: col.datetime('w365_cancellationalloweduntil', 'Cancellation Allowed Until', {
    description: "The distributor's end of the cancellation window (an instant; Ion's cancellationAllowedUntilDate).",
  }),
  refundableQuantity: col.integer('w365_refundablequantity', 'Refundable Quantity', {
    min: 0,
    max: 10000000,
    description: 'Seats that can still be reduced with a refund, where the distributor says.',
  }),
  scheduledChanges: col.string('w365_scheduledchanges', 'Scheduled Change at Renewal', 2000, {
    description: 'JSON summary of the changes scheduled for the renewal (quantity, SKU, term, billing).',
  }),
};
