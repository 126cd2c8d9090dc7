/**
 * The emulator's own admin surface, under /_emulator/ (never under /api/data: it is not Dataverse).
 * Used by benchmarks and tests that run the emulator in another process:
 *   GET  /_emulator/stats         counters
 *   POST /_emulator/stats/reset   zero them
 *   POST /_emulator/config        {"latency": {"minMs","maxMs"} | null, "limits": {...} | null,
 *                                  "writeTime": {"perWriteMs"} | null}
 *   GET  /_emulator/webhooks      recent webhook deliveries (no keys: URLs without query strings)
 * It needs no token: the server only listens on the loopback interface.
 */
import { jsonResponse, type EmuRequest, type EmuResponse } from './http-types';
import type { LimitsConfig } from './limits';
import type { EmulatorStats } from './stats';
import type { WebhookDelivery } from './webhooks/dispatcher';

export interface LatencyConfig {
  minMs: number;
  maxMs: number;
}

/**
 * Server time per write (create, update, delete, associate), on top of the emulator's own: what a
 * write costs Dataverse's servers (its pipeline, audit, the platform's own plugins), which the emulator's
 * SQLite insert of well under a millisecond does not model. Spent waiting, not computing, and counted
 * in the request's execution time (the 20-minutes-per-5 service protection limit), as Dataverse counts
 * its own. Off by default: tests keep their speed; benchmarks set it.
 */
export interface WriteTimeConfig {
  perWriteMs: number;
}

export interface AdminTarget {
  stats(): EmulatorStats;
  resetStats(): void;
  setLatency(l: LatencyConfig | undefined): void;
  setLimits(l: LimitsConfig | undefined): void;
  setWriteTime(w: WriteTimeConfig | undefined): void;
  webhookDeliveries(): WebhookDelivery[];
}

const error = (status: number, code: string, message: string) => jsonResponse(status, { error: { code, message } });

export function validateLatency(l: unknown): LatencyConfig | undefined {
  if (l === null || l === undefined) return undefined;
  const o = l as Partial<LatencyConfig>;
  if (typeof o.minMs !== 'number' || typeof o.maxMs !== 'number' || o.minMs < 0 || o.maxMs < o.minMs) {
    throw new Error('EMULATOR_CONFIG_INVALID: latency must be {"minMs": n, "maxMs": m} with 0 <= n <= m');
  }
  return { minMs: o.minMs, maxMs: o.maxMs };
}

export function validateWriteTime(w: unknown): WriteTimeConfig | undefined {
  if (w === null || w === undefined) return undefined;
  const ms = (w as Partial<WriteTimeConfig>).perWriteMs;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new Error('EMULATOR_CONFIG_INVALID: writeTime must be {"perWriteMs": n} with n >= 0');
  return { perWriteMs: ms };
}

export function validateLimits(l: unknown): LimitsConfig | undefined {
  if (l === null || l === undefined) return undefined;
  const out: LimitsConfig = {};
  for (const k of ['requestsPerWindow', 'windowInMs', 'maxConcurrent', 'executionTimeInMsPerWindow'] as const) {
    const v = (l as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
      throw new Error(`EMULATOR_CONFIG_INVALID: limits.${k} must be a positive integer`);
    out[k] = v;
  }
  return out;
}

export function handleAdmin(req: EmuRequest, target: AdminTarget): EmuResponse {
  if (req.method === 'GET' && req.path === '/_emulator/stats') return jsonResponse(200, target.stats());
  if (req.method === 'POST' && req.path === '/_emulator/stats/reset') {
    target.resetStats();
    return jsonResponse(200, target.stats());
  }
  if (req.method === 'GET' && req.path === '/_emulator/webhooks') return jsonResponse(200, target.webhookDeliveries());
  if (req.method === 'POST' && req.path === '/_emulator/config') {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return error(
        400,
        'EMULATOR_CONFIG_INVALID',
        'The body must be JSON: {"latency": ..., "limits": ..., "writeTime": ...}',
      );
    }
    try {
      if ('latency' in body) target.setLatency(validateLatency(body.latency));
      if ('limits' in body) target.setLimits(validateLimits(body.limits));
      if ('writeTime' in body) target.setWriteTime(validateWriteTime(body.writeTime));
    } catch (e) {
      return error(400, 'EMULATOR_CONFIG_INVALID', (e as Error).message.replace(/^EMULATOR_CONFIG_INVALID: /, ''));
    }
    return jsonResponse(200, { ok: true });
  }
  return error(
    404,
    'EMULATOR_ADMIN_NOT_FOUND',
    `No admin route ${req.method} ${req.path}. Routes: GET /_emulator/stats, POST /_emulator/stats/reset, POST /_emulator/config, GET /_emulator/webhooks`,
  );
}
