/**
 * One distributor subscription against what Dataverse holds: the change set to write (the subscription
 * and its License Change Log entries together, so a crash can never leave one without the other), the
 * job items it raises, and what changed for the summary. Pure: no I/O.
 *
 * Rules: quantity, status, dates and the distributor's facts follow the distributor; the customer
 * follows the provider account's mapping; price and cost come from the catalog on create (and fill an
 * empty price later); a price, cost, product or billing contract a person changed since the last sync
 * is never overwritten, only reported as a difference; the name follows the distributor's description
 * only when the account's Sync Description is Always On.
 */
import { decideCreate } from './create';
import type { Decision, DecisionInput } from './decision';
import { decideUpdate } from './update';

export { decideGone } from './gone';
export * from './decision';

export function decideSubscription(input: DecisionInput): Decision {
  return input.existing ? decideUpdate(input, input.existing) : decideCreate(input);
}
