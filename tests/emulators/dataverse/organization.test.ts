/**
 * The environment's organisation id: one fixed id by default, or the instance's own (a test serving
 * several environments gives each one, as real environments never share one). WhoAmI answers it;
 * a malformed one is refused at start.
 */
import { startDataverseEmulator } from '../../../emulators/dataverse';
import { ORGANIZATION_ID } from '../../../emulators/dataverse/store/seed';
import { startApi } from './helpers';

it("WhoAmI answers the instance's own organisation id when it has one, the fixed one otherwise", async () => {
  const own = await startApi({ organizationId: 'ABCDEF01-2345-4678-9ABC-DEF012345678' });
  const plain = await startApi();
  try {
    const a = await own.request('GET', 'WhoAmI');
    const b = await plain.request('GET', 'WhoAmI');
    expect(a.json.OrganizationId).toBe('abcdef01-2345-4678-9abc-def012345678');
    expect(own.emu.organizationId).toBe('abcdef01-2345-4678-9abc-def012345678');
    expect(b.json.OrganizationId).toBe(ORGANIZATION_ID);
  } finally {
    await own.close();
    await plain.close();
  }
});

it('refuses an organisation id that is not a GUID, naming it', async () => {
  await expect(startDataverseEmulator({ organizationId: 'contoso' })).rejects.toThrow(
    "EMULATOR_ORGANIZATION_INVALID: organizationId must be a GUID, not 'contoso'",
  );
});
