/** `w365 demo` runs every flow on a fresh embedded default and ends with one JSON line describing the jobs. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('w365 demo', () => {
  it('runs the flows in order and prints one JSON line with every job', () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, '../../../bin/w365.js'), 'demo'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { jobs, variances } = JSON.parse(lines[0]) as {
      jobs: { operation: string; provider: string; status: string; counts: Record<string, number>; summary: string }[];
      variances: Record<string, Record<string, number>>;
    };
    const techdata = jobs.filter((j) => j.provider === 'TechData (demo sandbox)');
    expect(techdata.map((j) => j.operation)).toEqual([
      'Verify Connectivity',
      'Sync Provider Accounts',
      'Sync Subscriptions (one billing contract)',
      'Sync Subscriptions (whole provider)',
      'Migrate Manual Subscriptions (dry run)',
      'Migrate Manual Subscriptions (apply)',
      'Import Invoice (file)',
      'Reconcile',
    ]);
    expect(techdata[0]).toMatchObject({ status: 'Succeeded', summary: expect.stringMatching(/^Verified/) });
    expect(techdata[1].counts.created).toBeGreaterThan(0);
    expect(techdata[2].counts.created).toBeGreaterThan(0);
    expect(techdata[5].summary).toMatch(/^Migrated [1-9]/);
    // Issue 17: every demo provider's invoice is imported and reconciled; TechData's planted variances are found.
    expect(Object.keys(variances).sort()).toEqual(
      ['Dicker Data (demo sandbox)', 'TD SYNNEX StreamOne Ion (demo sandbox)', 'TechData (demo sandbox)'].sort(),
    );
    expect(variances['TechData (demo sandbox)']).toMatchObject({ quantity: 1, unitCost: 1 });
    expect(variances['TechData (demo sandbox)'].missingInCrm).toBeGreaterThanOrEqual(1);
    for (const j of jobs) expect(j.status).not.toBe('Failed');
    expect(r.status).toBe(0);
  });
});
