/**
 * `npm test` sets up what it needs beyond npm: it installs the missing Debian packages when this
 * machine lets it (root, or passwordless sudo, with apt-get), and otherwise stops at once with the
 * exact command a person must run.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NEEDED, plan } = require('../../scripts/system-packages.js') as {
  NEEDED: { file: string; pkg: string }[];
  plan: (m: { exists: (f: string) => boolean; isRoot: boolean; hasAptGet: boolean; hasPasswordlessSudo: boolean }) => {
    action: string;
    packages?: string[];
    command?: string;
  };
};

const machine = (over: Partial<Parameters<typeof plan>[0]> = {}) => ({
  exists: () => false,
  isRoot: false,
  hasAptGet: true,
  hasPasswordlessSudo: false,
  ...over,
});

describe('the Debian packages npm test needs', () => {
  it('does nothing when everything is there', () => {
    expect(plan(machine({ exists: () => true })).action).toBe('none');
  });

  it('installs only what is missing, as root without sudo', () => {
    const p = plan(machine({ isRoot: true, exists: (f) => f !== '/usr/bin/chromium' }));
    expect(p).toMatchObject({
      action: 'install',
      packages: ['chromium'],
      command: 'apt-get update && apt-get install -y --no-install-recommends chromium',
    });
  });

  it('installs through sudo when sudo needs no password', () => {
    expect(plan(machine({ hasPasswordlessSudo: true }))).toMatchObject({
      action: 'install',
      command: `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${NEEDED.map((n) => n.pkg).join(' ')}`,
    });
  });

  it('fails with the exact command when it cannot install', () => {
    for (const m of [machine(), machine({ isRoot: true, hasAptGet: false })]) {
      const p = plan(m);
      expect(p.action).toBe('fail');
      expect(p.command).toMatch(/apt-get install -y --no-install-recommends chromium fonts-dejavu-core$/);
    }
  });
});
