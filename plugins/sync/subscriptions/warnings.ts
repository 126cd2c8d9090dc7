/**
 * The warnings a subscription sync leaves for a person, one per cause (not one per subscription):
 * SKUs that match no product or several, customers with no or several default billing contracts,
 * provider accounts that are not mapped, and customers the distributor lists that have no provider
 * account yet.
 */
import { Tables } from '../../../solution/schema';
import type { JobContext, JobItem } from '../../jobs/types';
import type { ContractResolution } from './decide';
import type { SkuSeen } from './products';
import type { ScopeAccount } from './reference';

export interface NotSyncedCustomer {
  account?: ScopeAccount;
  customerId: string;
  count: number;
}

export interface ContractProblem {
  account: ScopeAccount;
  resolution: ContractResolution;
  count: number;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export function reportWarnings(
  ctx: JobContext,
  skus: Map<string, SkuSeen>,
  contractProblems: Map<string, ContractProblem>,
  notSynced: Map<string, NotSyncedCustomer>,
): void {
  for (const item of [...skuItems(skus), ...contractItems(contractProblems), ...accountItems(notSynced)])
    ctx.item(item);
}

function skuItems(skus: Map<string, SkuSeen>): JobItem[] {
  const items: JobItem[] = [];
  for (const s of skus.values()) {
    if (s.resolution.kind === 'none') {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_UNMAPPED_SKU',
        message: `SKU ${s.sku} (${s.description}) matches no product: ${s.subscriptions} ${plural(s.subscriptions, 'subscription has', 'subscriptions have')} no product. Map it once in Product Mappings, or set a product's Provider Part Number to ${s.sku}; the next sync fills every customer's subscriptions.`,
        recordType: Tables.productMapping.logicalName,
        recordName: s.sku,
        providerValue: s.description,
      });
    } else if (s.resolution.kind === 'ambiguous') {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_AMBIGUOUS_PRODUCT',
        message: `SKU ${s.sku} is the Provider Part Number of ${s.resolution.candidates.length} products (${s.resolution.candidates.map((p) => p.name).join('; ')}): pick one in Product Mappings.`,
        recordType: Tables.productMapping.logicalName,
        recordName: s.sku,
      });
    }
  }
  return items;
}

function contractItems(contractProblems: Map<string, ContractProblem>): JobItem[] {
  return [...contractProblems.values()].map((c) => {
    const why =
      c.resolution.kind === 'several'
        ? `has ${c.resolution.count} default billing contracts`
        : 'has no default billing contract';
    return {
      severity: 'Warning',
      code: 'SUBSCRIPTION_NO_BILLING_CONTRACT',
      message: `${c.account.name} ${why}, so ${c.count} ${plural(c.count, 'subscription was', 'subscriptions were')} left without one. Mark exactly one contract of the customer as default, or set the contract on the subscriptions.`,
      recordType: Tables.providerAccount.logicalName,
      recordId: c.account.id,
      recordName: c.account.name,
    };
  });
}

function accountItems(notSynced: Map<string, NotSyncedCustomer>): JobItem[] {
  const items: JobItem[] = [];
  for (const n of notSynced.values()) {
    if (n.account && n.account.accountId && (!n.account.syncEnabled || n.account.excluded)) continue; // disabled on purpose
    if (n.account) {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_UNMAPPED_ACCOUNT',
        message: `Provider account ${n.account.name} is not mapped to a CRM account: its ${n.count} ${plural(n.count, 'subscription was', 'subscriptions were')} not synced.`,
        recordType: Tables.providerAccount.logicalName,
        recordId: n.account.id,
        recordName: n.account.name,
      });
    } else {
      items.push({
        severity: 'Warning',
        code: 'SUBSCRIPTION_UNKNOWN_CUSTOMER',
        message: `Customer ${n.customerId} at the distributor has no provider account yet: run Sync Provider Accounts. ${n.count} ${plural(n.count, 'subscription was', 'subscriptions were')} not synced.`,
        recordName: n.customerId,
      });
    }
  }
  return items;
}
