/**
 * Jobs reach workers through this small interface. Here it is in-process; the same interface can be
 * backed by Azure Storage Queues so that several service instances share the work (each message is a
 * job id; the runner's claim makes a job run once however many times its id is delivered).
 */
export interface JobQueue {
  enqueue(jobId: string): Promise<void>;
  /** Starts delivering job ids to `handler`, at most `concurrency` at a time. */
  consume(handler: (jobId: string) => Promise<void>, concurrency: number): void;
  /** Resolves when every delivered job has finished; no new deliveries after close. */
  close(): Promise<void>;
  /** Job ids waiting or being handled. */
  pending(): number;
}

export class InProcessJobQueue implements JobQueue {
  private readonly waiting: string[] = [];
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private handler?: (jobId: string) => Promise<void>;
  private concurrency = 1;
  private closed = false;

  async enqueue(jobId: string): Promise<void> {
    if (this.closed) return;
    // The same job can arrive twice (webhook and poller); one delivery is enough.
    if (this.inFlight.has(jobId) || this.waiting.includes(jobId)) return;
    this.waiting.push(jobId);
    this.pump();
  }

  consume(handler: (jobId: string) => Promise<void>, concurrency: number): void {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  pending(): number {
    return this.waiting.length + this.inFlight.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    while (!this.closed && this.inFlight.size < this.concurrency && this.waiting.length > 0) {
      const jobId = this.waiting.shift() as string;
      this.inFlight.add(jobId);
      const p: Promise<void> = handler(jobId)
        .catch(() => undefined)
        .finally(() => {
          this.inFlight.delete(jobId);
          this.running.delete(p);
          this.pump();
        });
      this.running.add(p);
    }
  }
}
