/**
 * Storage clients from either configuration: a connection string (azurite, account key), or account
 * URLs with a token credential (the managed identity in Azure).
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { createStorageClients, describeStorageFailure } from '../../../plugins/jobs/storage-clients';
import { AZURITE_ACCOUNT_KEY } from '../../helpers/azurite';

class FakeCredential implements TokenCredential {
  async getToken(): Promise<AccessToken> {
    return { token: 'fake', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

test('a connection string names both endpoints', () => {
  const { queues, blobs } = createStorageClients({
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;`,
  });
  expect(queues.url).toBe('http://127.0.0.1:2/devstoreaccount1');
  expect(blobs.url).toBe('http://127.0.0.1:1/devstoreaccount1');
});

test('account URLs with a token credential, as the managed identity is used', () => {
  const { queues, blobs } = createStorageClients({
    queueUrl: 'https://w365prod.queue.core.windows.net',
    blobUrl: 'https://w365prod.blob.core.windows.net',
    credential: new FakeCredential(),
  });
  expect(queues.accountName).toBe('w365prod');
  expect(blobs.accountName).toBe('w365prod');
  expect(new URL(blobs.url).host).toBe('w365prod.blob.core.windows.net');
});

test('a failure is described by status and Storage code only (no URL, which may carry a SAS signature)', () => {
  const err = Object.assign(new Error('https://x.blob.core.windows.net/c?sig=SECRETSIG failed'), {
    statusCode: 409,
    details: { errorCode: 'LeaseAlreadyPresent' },
  });
  expect(describeStorageFailure(err)).toBe('409 LeaseAlreadyPresent');
});
