/**
 * Two environments on Azure Storage (azurite): each environment's jobs go through its own queue
 * (`w365-work-items-<name>`, with its own poison queue), and each environment's nightly scheduler
 * runs under its own lease (`nightly-scheduler-<name>`), so a throttled environment's backlog never
 * stands in front of another's and the two environments' leaders are elected apart.
 */
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { startPartners, type Partners } from './helpers/partners';

jest.setTimeout(180_000);

let azurite: Azurite;
let p: Partners;

beforeAll(async () => {
  azurite = await startAzurite();
  p = await startPartners({
    W365_QUEUE: 'azure-storage',
    W365_STORAGE_CONNECTION_STRING: azurite.connectionString,
    W365_WORK_ITEMS: 'false',
  });
});

afterAll(async () => {
  await p?.close();
  await azurite?.stop();
});

it('each environment has its own queue and poison queue, and its jobs run there', async () => {
  const [a, b] = await Promise.all([
    p.verify(p.contoso, 'Contoso on Storage'),
    p.verify(p.fabrikam, 'Fabrikam on Storage'),
  ]);
  expect((await p.contoso.runtime.waitForJob(a, 60_000)).status).toBe('Succeeded');
  expect((await p.fabrikam.runtime.waitForJob(b, 60_000)).status).toBe('Succeeded');
  const queues: string[] = [];
  for await (const q of azurite.queueService().listQueues()) queues.push(q.name);
  expect(queues.sort()).toEqual([
    'w365-work-items-contoso',
    'w365-work-items-contoso-poison',
    'w365-work-items-fabrikam',
    'w365-work-items-fabrikam-poison',
  ]);
});

it('each environment’s nightly scheduler holds its own lease', async () => {
  const container = azurite.blobService().getContainerClient('w365-coordination');
  const leased = async () => {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: 'leases/nightly-scheduler' }))
      if (blob.properties.leaseState === 'leased') names.push(blob.name);
    return names.sort();
  };
  let names: string[] = [];
  for (let i = 0; i < 100 && names.length < 2; i++) {
    names = await leased().catch(() => []);
    if (names.length < 2) await new Promise((r) => setTimeout(r, 200));
  }
  expect(names).toEqual(['leases/nightly-scheduler-contoso', 'leases/nightly-scheduler-fabrikam']);
});
