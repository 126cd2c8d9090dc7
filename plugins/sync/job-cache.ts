/**
 * What the parts of one job share on one worker: the provider's settings and connector, and the
 * reference data a part decides against (accounts, catalog, mappings, contracts). Read once per job
 * and worker rather than once per part; a job's parts all decide against what Dataverse held when the
 * worker first needed it, as one whole run did. Entries lapse after `ttlInMs` and the oldest go first
 * beyond `maxJobs`, so a provider's secret is not kept longer than its job needs it.
 */
export class JobCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlInMs = 10 * 60_000,
    private readonly maxJobs = 8,
    private readonly now: () => number = Date.now,
  ) {}

  /** The job's value, loading it the first time (a failed load is not kept). */
  get(jobId: string, load: () => Promise<T>): Promise<T> {
    this.sweep();
    const hit = this.entries.get(jobId);
    if (hit) return hit.value;
    const value = load();
    this.entries.set(jobId, { at: this.now(), value });
    value.catch(() => this.entries.delete(jobId));
    while (this.entries.size > this.maxJobs) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  forget(jobId: string): void {
    this.entries.delete(jobId);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, e] of this.entries) if (now - e.at > this.ttlInMs) this.entries.delete(id);
  }
}
