/**
 * The little seeding the provider flow and token tests need, through the Web API: CRM accounts, default
 * billing contracts, products, Provider rows.
 */
import { Choices, Tables } from '../../../../solution/schema';
import type { DataverseClient, Row } from '../../../../plugins/dataverse/client';
import { eq } from '../../../../plugins/dataverse/odata';

/** A CRM account; returns its id. */
export async function createAccount(
  dv: DataverseClient,
  values: { name: string; tenantId?: string; website?: string },
): Promise<string> {
  const A = Tables.account;
  return dv.create(A.entitySetName, {
    [A.col.name]: values.name,
    ...(values.tenantId ? { [A.col.tenantId]: values.tenantId } : {}),
    ...(values.website ? { [A.col.websiteUrl]: values.website } : {}),
  });
}

/** The customer's one default billing contract; returns its id. */
export async function createDefaultContract(dv: DataverseClient, accountId: string, name: string): Promise<string> {
  const BC = Tables.billingContract;
  return dv.create(BC.entitySetName, {
    [BC.col.name]: name,
    [`${BC.nav.customer}@odata.bind`]: `/${Tables.account.entitySetName}(${accountId})`,
    [BC.col.isDefault]: true,
    [BC.col.billingFrequency]: Choices.billingFrequency.Monthly,
    [BC.col.billingPolicy]: Choices.billingPolicy.Advance,
    [BC.col.startDate]: '2025-01-01',
  });
}

/** A catalogue product whose Provider Part Number is the distributor SKU; returns its id. */
export async function createProduct(
  dv: DataverseClient,
  name: string,
  providerPartNumber: string,
  price: number,
): Promise<string> {
  const PR = Tables.product;
  const scheduleId = await dv.create(Tables.uomSchedule.entitySetName, {
    [Tables.uomSchedule.col.name]: `Licences ${providerPartNumber}`,
    [Tables.uomSchedule.col.baseUomName]: 'Licence',
  });
  const uomId = await dv.create(Tables.uom.entitySetName, {
    [Tables.uom.col.name]: 'Licence',
    [Tables.uom.col.quantity]: 1,
    [`${Tables.uom.nav.schedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${scheduleId})`,
  });
  return dv.create(PR.entitySetName, {
    [PR.col.name]: name,
    [PR.col.productNumber]: `P-${providerPartNumber}`.slice(0, 100),
    [PR.col.providerPartNumber]: providerPartNumber,
    [PR.col.price]: price,
    [PR.col.quantityDecimal]: 0,
    [`${PR.nav.defaultUomSchedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${scheduleId})`,
    [`${PR.nav.defaultUom}@odata.bind`]: `/${Tables.uom.entitySetName}(${uomId})`,
  });
}

type ProviderRow = { name: string; internalName: string; userName: string; password: string; endpointUrl: string };

/** An automatic Provider row without Additional Properties; returns its id. */
export async function createProviderOnly(dv: DataverseClient, p: ProviderRow): Promise<string> {
  const P = Tables.provider;
  return dv.create(P.entitySetName, {
    [P.col.name]: p.name,
    [P.col.internalName]: p.internalName,
    [P.col.userName]: p.userName,
    [P.col.password]: p.password,
    [P.col.endpointUrl]: p.endpointUrl,
    [P.col.providerType]: Choices.providerType.Automatic,
  });
}

/** An automatic Provider row and its Additional Properties; returns its id. */
export async function createProviderRow(
  dv: DataverseClient,
  p: ProviderRow & { properties: Record<string, string> },
): Promise<string> {
  const P = Tables.provider;
  const PP = Tables.providerProperty;
  const id = await createProviderOnly(dv, p);
  for (const [name, value] of Object.entries(p.properties)) {
    await dv.create(PP.entitySetName, {
      [PP.col.name]: name,
      [PP.col.value]: value,
      [`${PP.nav.provider}@odata.bind`]: `/${P.entitySetName}(${id})`,
    });
  }
  return id;
}

export async function rowsOf(
  dv: DataverseClient,
  entitySet: string,
  providerLookup: string,
  providerId: string,
): Promise<Row[]> {
  return dv.all(entitySet, { filter: eq(providerLookup, { guid: providerId }) });
}
