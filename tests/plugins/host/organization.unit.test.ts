/**
 * An environment's organisation id: learned from WhoAmI once and kept; while Dataverse does not
 * answer it is unknown and asked again next time; webhooks arriving together share one question.
 */
import { EnvironmentOrganization, type OrganizationSource } from '../../../plugins/host/organization';
import { silentLogger } from '../../../plugins/shared/logger';

const ORG = 'AAAAAAAA-1111-2222-3333-444444444444';
const OTHER = 'bbbbbbbb-1111-2222-3333-444444444444';

/** A Dataverse that is down until `up` is set; counts the WhoAmI calls. */
class FakeDataverse implements OrganizationSource {
  calls = 0;
  up = true;
  private release: (() => void) | undefined;
  held = false;

  async whoAmI(): Promise<{ OrganizationId: string }> {
    this.calls++;
    if (this.held) await new Promise<void>((r) => (this.release = r));
    if (!this.up) throw new Error('connect ECONNREFUSED');
    return { OrganizationId: ORG };
  }

  answer(): void {
    this.held = false;
    this.release?.();
  }
}

it('learns the id once (lower case) and judges a call’s OrganizationId against it, whatever its case', async () => {
  const dv = new FakeDataverse();
  const org = new EnvironmentOrganization(dv, silentLogger());
  expect(org.known()).toBeUndefined();
  expect(await org.check(ORG.toLowerCase())).toEqual({ kind: 'match' });
  expect(await org.check(OTHER)).toEqual({ kind: 'mismatch', expected: ORG.toLowerCase() });
  expect(await org.check(ORG)).toEqual({ kind: 'match' });
  expect(org.known()).toBe(ORG.toLowerCase());
  expect(dv.calls).toBe(1);
});

it('while Dataverse is down the id is unknown, and the next call asks again', async () => {
  const dv = new FakeDataverse();
  dv.up = false;
  const org = new EnvironmentOrganization(dv, silentLogger());
  expect(await org.learn()).toBeUndefined();
  expect(await org.check(OTHER)).toEqual({ kind: 'unknown' });
  expect(dv.calls).toBe(2);
  dv.up = true;
  expect(await org.check(OTHER)).toEqual({ kind: 'mismatch', expected: ORG.toLowerCase() });
  expect(dv.calls).toBe(3);
});

it('calls arriving while WhoAmI is in flight share it', async () => {
  const dv = new FakeDataverse();
  dv.held = true;
  const org = new EnvironmentOrganization(dv, silentLogger());
  const verdicts = Promise.all([org.check(ORG), org.check(OTHER), org.learn()]);
  await new Promise((r) => setImmediate(r));
  dv.answer();
  expect(await verdicts).toEqual([
    { kind: 'match' },
    { kind: 'mismatch', expected: ORG.toLowerCase() },
    ORG.toLowerCase(),
  ]);
  expect(dv.calls).toBe(1);
});

it('a WhoAmI that hangs counts as no answer after the timeout', async () => {
  const hanging: OrganizationSource = {
    whoAmI: (signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error))),
  };
  const org = new EnvironmentOrganization(hanging, silentLogger(), 20);
  expect(await org.check(ORG)).toEqual({ kind: 'unknown' });
});

it('closing abandons a WhoAmI in flight and asks no more', async () => {
  let aborted = false;
  const hanging: OrganizationSource = {
    whoAmI: (signal) =>
      new Promise((_resolve, reject) =>
        signal?.addEventListener('abort', () => {
          aborted = true;
          reject(signal.reason as Error);
        }),
      ),
  };
  const org = new EnvironmentOrganization(hanging, silentLogger(), 60_000);
  const verdict = org.check(ORG);
  org.close();
  expect(await verdict).toEqual({ kind: 'unknown' });
  expect(aborted).toBe(true);
  const dv = new FakeDataverse();
  const closed = new EnvironmentOrganization(dv, silentLogger());
  closed.close();
  expect(await closed.learn()).toBeUndefined();
  expect(dv.calls).toBe(0);
});
