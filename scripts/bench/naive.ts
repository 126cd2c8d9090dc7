/**
 * The naive baselines the benchmarks compare against: what an integration that reads and writes one
 * record per request does (look the row up by its key, look up what it refers to, then create or update
 * it), with the same connector and the same decisions. Measured on a sample of customers when the full
 * run would take too long, and scaled linearly.
 */
import { Choices, Tables } from '../../solution/schema';
import type { DataverseClient } from '../../plugins/dataverse/client';
import { eq, keySegment, recordPath } from '../../plugins/dataverse/odata';
import type { DistributorCustomer, ProviderConfig, ProviderConnector } from '../../plugins/providers/types';
import { decideSubscription } from '../../plugins/sync/subscriptions/decide';
import { toExisting } from '../../plugins/sync/subscriptions/existing';
import { SUBSCRIPTION_COLUMNS } from '../../plugins/sync/subscriptions/existing';
import type { ScopeAccount } from '../../plugins/sync/subscriptions/reference';

const PA = Tables.providerAccount;
const S = Tables.subscription;

/** Provider accounts, one customer at a time: get by key, find a CRM account by exact name, create or update. */
export async function naiveAccounts(
  dv: DataverseClient,
  providerId: string,
  customers: readonly DistributorCustomer[],
): Promise<void> {
  for (const c of customers) {
    const key = keySegment(PA, 'w365_provideraccount_providerid', {
      w365_providerid: { guid: providerId },
      w365_providerspecificid: c.providerSpecificId,
    });
    const existing = await dv.retrieve(PA.entitySetName, key, [PA.col.id, PA.col.name, PA.val.account]);
    const crm = await dv.all(Tables.account.entitySetName, {
      select: [Tables.account.col.id],
      filter: eq(Tables.account.col.name, c.name),
      top: 2,
    });
    const body: Record<string, unknown> = {
      [PA.col.name]: c.name,
      [PA.col.tenantId]: c.tenantId ?? null,
      [PA.col.primaryDomain]: c.primaryDomain ?? null,
    };
    if (!existing?.[PA.val.account] && crm.length === 1) {
      body[`${PA.nav.account}@odata.bind`] = `/accounts(${String(crm[0][Tables.account.col.id])})`;
      body[PA.col.mappingStatus] = Choices.mappingStatus.Mapped;
    }
    const write = (b: Record<string, unknown>) =>
      existing
        ? dv.update(PA.entitySetName, String(existing[PA.col.id]), b)
        : dv.create(PA.entitySetName, {
            ...b,
            [PA.col.providerSpecificId]: c.providerSpecificId,
            [`${PA.nav.provider}@odata.bind`]: `/w365_providers(${providerId})`,
          });
    try {
      await write(body);
    } catch (err) {
      // The CRM account is already mapped to another provider account (Dataverse's key refuses it): save unmapped.
      if ((err as { status?: number }).status !== 412) throw err;
      delete body[`${PA.nav.account}@odata.bind`];
      delete body[PA.col.mappingStatus];
      await write(body);
    }
  }
}

/** Subscriptions, one at a time: get by key, look up product and contract, write the row, write its log entry. */
export async function naiveSubscriptions(
  dv: DataverseClient,
  connector: ProviderConnector,
  config: ProviderConfig,
  accounts: readonly ScopeAccount[],
  jobId: string,
): Promise<number> {
  let n = 0;
  for (const account of accounts) {
    for await (const parsed of connector.listSubscriptions(config, { customerId: account.providerSpecificId })) {
      if (!parsed.ok) continue;
      const sub = parsed.value;
      const key = recordPath(
        S.entitySetName,
        keySegment(S, 'w365_subscription_providersubid', {
          w365_providerid: { guid: config.providerId },
          w365_providersubscriptionid: sub.providerSubscriptionId,
        }),
      );
      const res = await dv.send('GET', `${key}?$select=${SUBSCRIPTION_COLUMNS.join(',')}`, { accept: [404] });
      const existing = res.status === 404 ? undefined : toExisting(JSON.parse(res.text));
      const products = await dv.all(Tables.product.entitySetName, {
        select: [
          Tables.product.col.id,
          Tables.product.col.name,
          Tables.product.col.price,
          Tables.product.col.currentCost,
        ],
        filter: eq(Tables.product.col.providerPartNumber, sub.sku),
        top: 2,
      });
      const contracts = await dv.all(Tables.billingContract.entitySetName, {
        select: [Tables.billingContract.col.id],
        filter: `${eq(Tables.billingContract.val.customer, { guid: account.accountId as string })} and ${eq(Tables.billingContract.col.isDefault, true)}`,
      });
      const p = products.length === 1 ? products[0] : undefined;
      const d = decideSubscription({
        providerId: config.providerId,
        jobId,
        sub,
        account,
        existing,
        product: p
          ? {
              kind: 'partnumber',
              product: {
                id: String(p[Tables.product.col.id]),
                name: String(p[Tables.product.col.name]),
                price: Number(p[Tables.product.col.price]),
                cost: Number(p[Tables.product.col.currentCost]),
              },
            }
          : { kind: 'none' },
        contract:
          contracts.length === 1
            ? { kind: 'default', id: String(contracts[0][Tables.billingContract.col.id]) }
            : { kind: 'none' },
        now: new Date(),
      });
      for (const intent of d.intents) await dv.write(intent);
      n++;
    }
  }
  return n;
}
