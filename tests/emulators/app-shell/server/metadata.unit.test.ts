import { Tables } from '../../../../solution/schema';
import { appTableNames } from '../../../../emulators/app-shell/server/metadata';

describe('the tables the app shell asks the environment about', () => {
  it('include the note table, which Import Invoice writes through Xrm.WebApi without showing it', () => {
    // Without it the shell's Xrm.WebApi.createRecord('annotation', ...) rejects before any request.
    expect(appTableNames()).toContain(Tables.annotation.logicalName);
  });
});
