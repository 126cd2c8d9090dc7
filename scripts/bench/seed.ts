/**
 * Benchmark data, written in $batch requests (setup is not what is measured): a CRM account with the
 * customer's name for most distributor customers (so automap maps them), one default billing contract
 * each, the catalog with Provider Part Numbers, and the Provider pointing at the sandbox.
 */
import { Tables } from '../../solution/schema';
import type { DataverseClient } from '../../plugins/dataverse/client';
import { eq } from '../../plugins/dataverse/odata';
import type { WriteUnit } from '../../plugins/dataverse/api';
import { bind, bindProperty, createRow } from '../../plugins/dataverse/intents';
import { stableId } from '../../plugins/sync/ids';
import { seedProvider as seedDemoProvider } from '../../emulators/embedded/demo-data';
import { TECHDATA_INTERNAL_NAME, TechDataPropertyNames } from '../../plugins/providers/techdata';
import { catalogSkus } from '../../emulators/techdata/catalog';
import type { SandboxCustomer } from '../../emulators/techdata/dataset';
import type { TechDataSandboxInfo } from '../../emulators/techdata/server';

export async function seedBench(
  dv: DataverseClient,
  customers: readonly SandboxCustomer[],
  sandbox: TechDataSandboxInfo,
  name = 'TechData (bench)',
): Promise<string> {
  const A = Tables.account;
  const BC = Tables.billingContract;
  const PR = Tables.product;
  const C = Tables.transactionCurrency;
  const usd = (await dv.all(C.entitySetName, { select: [C.col.id], filter: eq(C.col.isoCurrencyCode, 'USD') }))[0];
  const currency = bind(C, String(usd[C.col.id]));
  const schedule = stableId('bench', 'uomschedule');
  const uom = stableId('bench', 'uom');
  await dv.upsert(Tables.uomSchedule.entitySetName, schedule, {
    [Tables.uomSchedule.col.name]: 'Licences',
    [Tables.uomSchedule.col.baseUomName]: 'Licence',
  });
  await dv.upsert(Tables.uom.entitySetName, uom, {
    [Tables.uom.col.name]: 'Licence',
    [Tables.uom.col.quantity]: 1,
    [bindProperty(Tables.uom, Tables.uom.col.schedule, Tables.uomSchedule)]:
      `/${Tables.uomSchedule.entitySetName}(${schedule})`,
  });
  const units: WriteUnit<string>[] = [];
  customers.forEach((c, i) => {
    if (i % 20 === 19) return; // one in twenty has no CRM account yet
    const account = stableId('bench', 'account', c.endCustomerId);
    units.push({
      tag: c.endCustomerId,
      intents: [
        createRow(A, {
          values: { [A.col.id]: account, [A.col.name]: c.companyName, [A.col.tenantId]: c.microsoftTenantId ?? null },
          lookups: { [A.col.currency]: currency },
        }),
        createRow(BC, {
          values: { [BC.col.name]: `${c.companyName} - licences`, [BC.col.isDefault]: true },
          lookups: { [BC.col.customer]: bind(A, account) },
        }),
      ],
    });
  });
  for (const s of catalogSkus()) {
    units.push({
      tag: s.sku,
      intents: [
        createRow(PR, {
          values: {
            [PR.col.name]: s.description.slice(0, 100),
            [PR.col.productNumber]: `TD-${s.sku}`,
            [PR.col.providerPartNumber]: s.sku,
            [PR.col.price]: Math.round(s.unitPrice * 115) / 100,
            [PR.col.currentCost]: s.unitPrice,
            [PR.col.quantityDecimal]: 0,
          },
          lookups: {
            [PR.col.defaultUomSchedule]: bind(Tables.uomSchedule, schedule),
            [PR.col.defaultUom]: bind(Tables.uom, uom),
          },
        }),
      ],
    });
  }
  const failed = (await dv.writeUnits(units)).filter((r) => !r.ok);
  if (failed.length)
    throw new Error(`BENCH_SEED_FAILED: ${failed.length} writes failed, first: ${failed[0].error?.message}`);
  return seedProvider(dv, sandbox, name);
}

/** A Provider row (and its properties) pointing at the sandbox. */
export function seedProvider(dv: DataverseClient, sandbox: TechDataSandboxInfo, name: string): Promise<string> {
  return seedDemoProvider(dv, {
    name,
    internalName: TECHDATA_INTERNAL_NAME,
    userName: sandbox.clientId,
    password: sandbox.clientSecret,
    endpointUrl: sandbox.tokenUrl,
    properties: {
      [TechDataPropertyNames.soin]: sandbox.soin,
      [TechDataPropertyNames.currencyCode]: sandbox.currencyCode,
      [TechDataPropertyNames.apiEndpointUrl]: sandbox.apiUrl,
      [TechDataPropertyNames.resellerRelationshipUrl]: sandbox.resellerRelationshipUrl,
    },
  });
}
