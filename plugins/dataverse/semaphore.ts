/**
 * Bounds concurrent Dataverse requests. Dataverse refuses a user's 52nd concurrent request
 * (0x80072326), so the service stays well below it. (p-limit would do, but its current majors are
 * ESM-only and this project is CommonJS; this is the dozen lines we need.)
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (limit < 1) throw new Error('Semaphore limit must be at least 1');
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
