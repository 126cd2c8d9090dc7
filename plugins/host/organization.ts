/**
 * The organisation check of the webhook: a RemoteExecutionContext names the Dataverse organisation it
 * came from (`OrganizationId`), and an environment's route queues only its own organisation's calls.
 * The environment's id is learned from WhoAmI once and kept (it never changes for an environment),
 * asked in the background at start and, while Dataverse has not answered, again by the next webhook;
 * a service never waits at start for a partner's Dataverse to be up.
 */
import { errorMessage } from '../../common/errors';
import type { Logger } from '../shared/logger';
import { WebhookMessages as W } from './environments-strings';

/** What the check needs of the environment's Dataverse client. */
export interface OrganizationSource {
  whoAmI(signal?: AbortSignal): Promise<{ OrganizationId: string }>;
}

/** Whether a call's organisation is the environment's: unknown while Dataverse has not answered WhoAmI. */
export type OrganizationVerdict = { kind: 'match' } | { kind: 'mismatch'; expected: string } | { kind: 'unknown' };

/**
 * A webhook waits this long at most for WhoAmI while the id is unknown: well inside Dataverse's
 * 60-second webhook timeout, and a webhook is one call, not a retry loop.
 */
export const ORGANIZATION_LOOKUP_TIMEOUT_IN_MS = 5_000;

export class EnvironmentOrganization {
  private id: string | undefined;
  /** The WhoAmI in flight: webhooks arriving together share one question. */
  private asking: Promise<string | undefined> | undefined;
  /** Aborts a WhoAmI still in flight when the service closes (its retries would outlive it). */
  private readonly closing = new AbortController();

  constructor(
    private readonly source: OrganizationSource,
    private readonly logger: Logger,
    private readonly timeoutInMs = ORGANIZATION_LOOKUP_TIMEOUT_IN_MS,
  ) {}

  /** The id, once learned (lower case). */
  known(): string | undefined {
    return this.id;
  }

  /** The id, asking WhoAmI when not known yet; undefined when Dataverse did not answer (asked again next time). */
  async learn(): Promise<string | undefined> {
    if (this.id) return this.id;
    this.asking ??= this.ask().finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  /** Stops asking: a WhoAmI in flight is abandoned, and no later call asks again. */
  close(): void {
    this.closing.abort();
  }

  async check(organizationId: string): Promise<OrganizationVerdict> {
    const expected = await this.learn();
    if (expected === undefined) return { kind: 'unknown' };
    return organizationId.toLowerCase() === expected ? { kind: 'match' } : { kind: 'mismatch', expected };
  }

  private async ask(): Promise<string | undefined> {
    if (this.closing.signal.aborted) return undefined;
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.timeoutInMs), this.closing.signal]);
      const { OrganizationId } = await this.source.whoAmI(signal);
      this.id = OrganizationId.toLowerCase();
      this.logger.info({ organizationId: this.id }, W.organizationLearnedLog);
      return this.id;
    } catch (err) {
      if (!this.closing.signal.aborted) this.logger.warn({ err: errorMessage(err) }, W.organizationUnknownLog);
      return undefined;
    }
  }
}
