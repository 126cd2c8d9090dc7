/**
 * @jest-environment jsdom
 */
/**
 * The app shell's Xrm.WebApi rejects as Dynamics does, with a plain `{ errorCode, message }` whose
 * message a ribbon script shows the person: a table the shell does not know says so by name.
 */
import { createXrm } from '../../../emulators/app-shell/client/xrm';
import type { WebApiClient } from '../../../emulators/app-shell/client/api';
import type { AppMeta } from '../../../emulators/app-shell/shared/metadata';

it('rejects a create on a table it does not know with a message naming the table', async () => {
  const meta = { tables: {} } as unknown as AppMeta;
  // No request is made: the table is looked up first.
  const xrm = createXrm(meta, {} as WebApiClient, () => undefined);
  const failure = await new Promise((resolve) => {
    xrm.WebApi.createRecord('annotation', { subject: 'x' }).then(undefined, resolve);
  });
  expect(failure).toEqual({
    errorCode: 0x80040217,
    message: "Entity 'annotation' was not found in the MetadataCache.",
  });
});
