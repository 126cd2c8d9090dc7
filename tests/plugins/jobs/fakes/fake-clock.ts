/** A clock that moves only when a test says so: what the job context and recovery take as `now`. */
export class FakeClock {
  private ms: number;

  constructor(startIso = '2026-03-01T09:00:00.000Z') {
    this.ms = Date.parse(startIso);
  }

  /** Milliseconds since the epoch (the job context's `now`). */
  readonly nowInMs = (): number => this.ms;

  /** As a Date (recovery's and the job store's `now`). */
  readonly date = (): Date => new Date(this.ms);

  advance(ms: number): void {
    this.ms += ms;
  }
}
