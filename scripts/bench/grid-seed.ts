/**
 * The grid benchmark's data: one provider with `rows` provider accounts (40% mapped, 30% suggested,
 * 25% not set up, 5% excluded) and CRM accounts for them, written in $batch change sets.
 */
import { Choices, Tables } from '../../solution/schema';
import type { DataverseClient } from '../../plugins/dataverse/client';
import type { BatchOperation } from '../../plugins/dataverse/batch';
import { seededRandom } from './automap';

const PA = Tables.providerAccount;
const A = Tables.account;
const MS = Choices.mappingStatus;

const guid = (prefix: number, n: number) =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** The provider account name of row `i` (the benchmark searches for the last one). */
export const benchAccountName = (i: number, rnd: () => number) =>
  `Customer ${String(i).padStart(5, '0')} ${rnd() < 0.5 ? 'Limited' : 'PTY LTD'}`;

export async function seedGridBench(dv: DataverseClient, rows: number): Promise<string> {
  const providerId = await dv.create(Tables.provider.entitySetName, {
    [Tables.provider.col.name]: 'Bench provider',
    [Tables.provider.col.internalName]: 'Providers.TechDataCspProvider',
    [Tables.provider.col.userName]: 'bench',
    [Tables.provider.col.endpointUrl]: 'https://example.invalid/',
    [Tables.provider.col.providerType]: Choices.providerType.Automatic,
  });
  const rnd = seededRandom(7);
  const accounts = Math.ceil(rows * 0.75);
  const ops: BatchOperation[] = [];
  for (let i = 0; i < accounts; i++)
    ops.push({
      method: 'POST',
      path: A.entitySetName,
      body: { [A.col.id]: guid(0xacc, i), [A.col.name]: `Customer ${String(i).padStart(5, '0')} Pty Ltd` },
    });
  for (let i = 0; i < rows; i++) {
    const r = rnd();
    const status = r < 0.4 ? MS.Mapped : r < 0.7 ? MS.Suggested : r < 0.95 ? MS.NotSetup : MS.Excluded;
    const body: Record<string, unknown> = {
      [PA.col.name]: benchAccountName(i, rnd),
      [PA.col.providerSpecificId]: String(1_000_000 + i),
      [PA.col.primaryDomain]: `customer${i}.example.com`,
      [PA.col.mappingStatus]: status,
      [`${PA.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${providerId})`,
    };
    // Mapped rows hold distinct accounts (the (provider, account) key); suggestions may repeat.
    if (status === MS.Mapped && i < accounts)
      body[`${PA.nav.account}@odata.bind`] = `/${A.entitySetName}(${guid(0xacc, i)})`;
    else if (status === MS.Mapped) body[PA.col.mappingStatus] = MS.NotSetup;
    if (status === MS.Suggested) {
      body[`${PA.nav.suggestedAccount}@odata.bind`] =
        `/${A.entitySetName}(${guid(0xacc, Math.floor(rnd() * accounts))})`;
      body[PA.col.matchScore] = rnd() < 0.5 ? 1 : 0.6;
      body[PA.col.matchCode] = body[PA.col.matchScore] === 1 ? 'same_name' : 'similar_name';
      body[PA.col.matchReason] = body[PA.col.matchScore] === 1 ? 'Same name' : 'Similar name (60%)';
    }
    ops.push({ method: 'POST', path: PA.entitySetName, body });
  }
  for (let i = 0; i < ops.length; i += 500) await dv.batch([{ changeSet: ops.slice(i, i + 500) }]);
  return providerId;
}
