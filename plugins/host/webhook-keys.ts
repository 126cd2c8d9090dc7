/**
 * Which webhook key opens what, in a service that serves several Dataverse environments (one per
 * partner). Each environment's service endpoint registration carries its key, so a key is as private
 * as the least careful partner that holds it: an environment's webhook route opens with that
 * environment's key only, and `/status` shows only the environments the caller's key is the key of.
 * The operator's service-wide key (W365_WEBHOOK_KEY) shows every environment's status, and is the
 * key of every environment that has none of its own (one-environment deployments and older files).
 *
 * Every comparison is constant time (`keyMatches`), and a lookup compares the caller's key with
 * every key the service holds, without stopping at the first match, so the time an answer takes
 * says nothing about which key (or which partner's) came close.
 */
import type { Logger } from '../shared/logger';
import { EnvironmentMessages as M } from './environments-strings';
import { keyMatches } from './webhook';

export interface KeyedEnvironment {
  name: string;
  /** The environment's own key (the environments file's `webhookKey`); absent: the service-wide key. */
  webhookKey?: string;
}

/** What one key opens on `/status`: everything (the operator's key), or these environments. */
export interface KeyScope {
  all: boolean;
  environments: string[];
}

/** Environments that share one key (or one environment holding the operator's key). */
export interface SharedKey {
  environments: string[];
  serviceWide: boolean;
}

export class WebhookKeyRing {
  /** Each environment's key: its own, or the service-wide one; absent when it has neither. */
  private readonly keys: ReadonlyMap<string, string | undefined>;

  constructor(
    environments: readonly KeyedEnvironment[],
    private readonly serviceKey: string | undefined,
  ) {
    this.keys = new Map(environments.map((e) => [e.name, e.webhookKey ?? serviceKey]));
  }

  /** Whether `given` is the key of `environment` (its route's check). */
  opens(environment: string, given: string | undefined): boolean {
    const key = this.keys.get(environment);
    return key !== undefined && keyMatches(given, key);
  }

  /** What `given` opens on `/status`; compared with every key the service holds. */
  scopeOf(given: string | undefined): KeyScope {
    const all = this.serviceKey !== undefined && keyMatches(given, this.serviceKey);
    const environments: string[] = [];
    for (const [name, key] of this.keys) if (key !== undefined && keyMatches(given, key)) environments.push(name);
    return all ? { all: true, environments: [...this.keys.keys()] } : { all: false, environments };
  }

  /**
   * Keys that open more than one partner's environment: one key held by two or more environments,
   * and, when the service serves several, an environment whose key is the operator's (its holder
   * reads every environment's /status). One environment alone on the service-wide key is fine.
   */
  shared(): SharedKey[] {
    const byKey = new Map<string, string[]>();
    for (const [name, key] of this.keys) if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), name]);
    const several = this.keys.size > 1;
    return [...byKey]
      .map(([key, environments]) => ({ environments, serviceWide: key === this.serviceKey }))
      .filter((g) => g.environments.length > 1 || (several && g.serviceWide));
  }
}

/** Logged once at start: each key that opens more than one partner's environment, by their names. */
export function warnSharedWebhookKeys(ring: WebhookKeyRing, logger: Logger): void {
  for (const g of ring.shared())
    logger.warn({ environments: g.environments }, M.sharedWebhookKey(g.environments, g.serviceWide));
}
