/**
 * Notes and in-app notifications, as the platform has them: the note's Regarding gets a target for a
 * table only once a solution enabling notes on it (HasRelatedNotes) is imported; a notification goes
 * to a user. (Issue 17: the invoice file reaches the service as a note on the Provider.)
 */
import { Tables } from '../../../solution/schema';
import { shippedSolutionZip } from '../../helpers/solution-zip';
import { GUID_RE, startApi, type Api } from './helpers';

const P = Tables.provider;

describe('notes and notifications', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ solutions: [] });
  });
  afterAll(() => api.close());

  const note = (providerId: string) => ({
    subject: 'Invoice file nov.csv',
    filename: 'nov.csv',
    documentbody: Buffer.from('InvoiceNumber\nINV-1\n').toString('base64'),
    'objectid_w365_provider@odata.bind': `/w365_providers(${providerId})`,
  });

  it('a note can be regarding a provider only once the solution enabling its notes is imported', async () => {
    const before = await api.post('annotations', note('00000000-0000-4000-8000-000000000001'));
    expect(before.status).toBe(400);
    const imported = await api.post('ImportSolution', {
      CustomizationFile: (await shippedSolutionZip()).toString('base64'),
      OverwriteUnmanagedCustomizations: false,
      PublishWorkflows: false,
    });
    expect(imported.status).toBe(204);
    const provider = await api.post(P.entitySetName, { [P.col.name]: 'Ion', [P.col.internalName]: 'x' });
    const providerId = GUID_RE.exec(String(provider.headers['odata-entityid']))![0];
    const created = await api.post('annotations', note(providerId));
    expect(created.status).toBe(204);
    const read = await api.get(`annotations?$select=filename,documentbody&$filter=_objectid_value eq ${providerId}`);
    expect(read.json.value).toEqual([
      expect.objectContaining({ filename: 'nov.csv', documentbody: note(providerId).documentbody }),
    ]);
  });

  it('a notification goes to a user', async () => {
    const user = await api.post('systemusers', { fullname: 'Ops', internalemailaddress: 'ops@contoso.example' });
    const userId = GUID_RE.exec(String(user.headers['odata-entityid']))![0];
    const sent = await api.post('appnotifications', {
      title: 'Failed twice in a row: Verify',
      body: 'Open the Sync Jobs to see why.',
      'ownerid@odata.bind': `/systemusers(${userId})`,
    });
    expect(sent.status).toBe(204);
    const mine = await api.get(`appnotifications?$select=title&$filter=_ownerid_value eq ${userId}`);
    expect(mine.json.value.map((n: { title: string }) => n.title)).toEqual(['Failed twice in a row: Verify']);
  });
});
