/**
 * Everything a subscription sync knows before it reads the distributor: the provider and its
 * connector (settings checked), the scope (the whole provider, or one billing contract's customer),
 * the reference data (accounts, catalog, mappings, contracts, currency) and the subscriptions Dataverse
 * already holds. A setup that cannot go on says why, as the job's result.
 */
import { Tables } from '../../../solution/schema';
import { W365Error } from '../../../common/errors';
import type { JobContext, OperationResult } from '../../jobs/types';
import type { ProviderConfig, ProviderConnector } from '../../providers/types';
import type { SyncDeps } from '../deps';
import type { ExistingSubscription } from './existing';
import type { ReferenceData, ScopeAccount } from './reference';

export const SubscriptionErrorCodes = {
  ContractNotFound: 'SUBSCRIPTION_CONTRACT_NOT_FOUND',
} as const;

export interface SyncSetup {
  config: ProviderConfig;
  connector: ProviderConnector;
  /** Set when the job is scoped to one billing contract: its customer. */
  customerId?: string;
  /** "billing contract X", for messages. */
  scope?: string;
  ref: ReferenceData;
  /** Mapped, enabled, not excluded: the accounts whose subscriptions are synced. */
  eligible: ScopeAccount[];
  existing: Map<string, ExistingSubscription>;
}

/** A job started from a billing contract syncs only that contract's customer. */
export async function contractScope(deps: SyncDeps, ctx: JobContext): Promise<{ customerId?: string; scope?: string }> {
  const contractId = ctx.job.billingContractId;
  if (!contractId) return {};
  const BC = Tables.billingContract;
  const contract = await deps.dv.retrieve(BC, contractId, [BC.col.name, BC.val.customer]);
  if (!contract)
    throw new W365Error(SubscriptionErrorCodes.ContractNotFound, `Billing contract ${contractId} does not exist.`);
  const customerId = (contract[BC.val.customer] as string | null) ?? undefined;
  if (!customerId)
    throw new W365Error(
      SubscriptionErrorCodes.ContractNotFound,
      `Billing contract ${String(contract[BC.col.name])} has no customer.`,
    );
  return { customerId, scope: `billing contract ${String(contract[BC.col.name])}` };
}

export function noMappedAccount(ctx: JobContext, config: ProviderConfig, scope: string | undefined): OperationResult {
  ctx.item({
    severity: 'Warning',
    code: 'SUBSCRIPTION_NO_MAPPED_ACCOUNT',
    message: `The customer of this ${scope} is not mapped to any enabled provider account of ${config.name}: map it on the Provider form, then sync again.`,
  });
  return {
    summary: `Nothing synced: the customer of this ${scope} has no mapped, enabled provider account at ${config.name}.`,
  };
}
