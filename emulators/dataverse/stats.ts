/** Request counters for benchmarks and tests (`stats()`, GET /_emulator/stats). */
export interface EmulatorStats {
  /** Web API requests (a $batch is one). */
  requests: number;
  byMethod: Record<string, number>;
  batchRequests: number;
  /** Operations inside $batch requests. */
  batchOperations: number;
  /** Requests answered 429. */
  throttled: number;
  /** Rows created, updated or deleted. */
  writes: number;
  /** The most Web API requests in flight at once (admitted ones, for benchmarks of many workers). */
  peakConcurrent: number;
}

export function emptyStats(): EmulatorStats {
  return {
    requests: 0,
    byMethod: {},
    batchRequests: 0,
    batchOperations: 0,
    throttled: 0,
    writes: 0,
    peakConcurrent: 0,
  };
}
