/**
 * The embedded default's files hold plaintext secrets (the database has the providers' client secrets
 * and token state; the state file names the emulator's service credentials): they are created readable
 * by this user only, 0600, in a folder created 0700. The probe found dataverse.db at 0644.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../../../emulators/embedded';
import { silentLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the embedded default on disk', () => {
  it('creates its database, its -wal and the state file 0600 in a 0700 folder', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-modes-'));
    const dataDir = path.join(parent, 'data');
    const embedded = await startEmbedded({ dataDir, redactor: new Redactor(), logger: silentLogger(), customers: 4 });
    try {
      // The state file is written once the service listens (serve calls publishState then).
      embedded.publishState('http://127.0.0.1:3365');
      expect(modeOf(dataDir)).toBe(0o700);
      const db = path.join(dataDir, 'dataverse.db');
      expect(modeOf(db)).toBe(0o600);
      for (const companion of [`${db}-wal`, `${db}-shm`])
        if (fs.existsSync(companion)) expect(modeOf(companion)).toBe(0o600);
      expect(fs.existsSync(`${db}-wal`)).toBe(true);
      expect(modeOf(embedded.stateFile as string)).toBe(0o600);
    } finally {
      await embedded.close();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('tightens a database an older version left readable by others', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-modes-'));
    fs.writeFileSync(path.join(parent, 'dataverse.db'), '');
    fs.chmodSync(path.join(parent, 'dataverse.db'), 0o644);
    const embedded = await startEmbedded({
      dataDir: parent,
      redactor: new Redactor(),
      logger: silentLogger(),
      customers: 4,
    });
    try {
      expect(modeOf(path.join(parent, 'dataverse.db'))).toBe(0o600);
    } finally {
      await embedded.close();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
