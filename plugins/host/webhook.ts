/**
 * The Dataverse webhook: authentication by a shared key in a header (compared in constant time), and
 * validation of the RemoteExecutionContext body that Dataverse posts (use-webhooks.md), so a malformed
 * call gets a 400 that says what is wrong instead of a job that fails later.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Ajv from 'ajv';
import { Tables } from '../../solution/schema';

export const WEBHOOK_KEY_HEADER = 'x-w365-webhook-key';
/** The shortest webhook key accepted (W365_WEBHOOK_KEY and each environment's `webhookKey`). */
export const MIN_WEBHOOK_KEY_LENGTH = 32;

export const WebhookErrorCodes = {
  Unauthorized: 'WEBHOOK_UNAUTHORIZED',
  Malformed: 'WEBHOOK_MALFORMED_BODY',
  OrganizationMismatch: 'WEBHOOK_ORGANIZATION_MISMATCH',
} as const;

/** What `register-webhooks --service-url` takes for one environment of a service that serves several. */
export function environmentServiceUrl(serviceUrl: string, environment: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/api/environments/${encodeURIComponent(environment)}`;
}

/** Constant-time comparison; hashing first makes the comparison independent of the lengths too. */
export function keyMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** The parts of a RemoteExecutionContext we rely on; Dataverse sends many more, which are allowed. */
const contextSchema = {
  type: 'object',
  required: ['MessageName', 'PrimaryEntityName', 'PrimaryEntityId', 'OrganizationId', 'InputParameters'],
  properties: {
    MessageName: { type: 'string', minLength: 1 },
    PrimaryEntityName: { type: 'string', minLength: 1 },
    PrimaryEntityId: { type: 'string', pattern: GUID },
    OrganizationId: { type: 'string', pattern: GUID },
    CorrelationId: { type: 'string' },
    Stage: { type: 'integer' },
    Mode: { type: 'integer' },
    Depth: { type: 'integer' },
    InputParameters: {
      type: 'array',
      items: { type: 'object', required: ['key'], properties: { key: { type: 'string' } } },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(contextSchema);

export interface WebhookCall {
  messageName: string;
  entityName: string;
  entityId: string;
  /** The Dataverse organisation the call came from (lower case). */
  organizationId: string;
  correlationId?: string;
}

export type WebhookParse = { ok: true; call: WebhookCall } | { ok: false; reason: string };

export function parseRemoteExecutionContext(body: unknown): WebhookParse {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, reason: 'The body must be a RemoteExecutionContext JSON object.' };
  }
  if (!validate(body)) {
    const reasons = (validate.errors ?? []).map((e) => `${e.instancePath || 'body'} ${e.message ?? 'is invalid'}`);
    return { ok: false, reason: `Not a valid RemoteExecutionContext: ${reasons.join('; ')}.` };
  }
  const b = body as {
    MessageName: string;
    PrimaryEntityName: string;
    PrimaryEntityId: string;
    OrganizationId: string;
    CorrelationId?: string;
  };
  return {
    ok: true,
    call: {
      messageName: b.MessageName,
      entityName: b.PrimaryEntityName,
      entityId: b.PrimaryEntityId.toLowerCase(),
      organizationId: b.OrganizationId.toLowerCase(),
      ...(b.CorrelationId ? { correlationId: b.CorrelationId } : {}),
    },
  };
}

/** Whether the call is one that starts a job (Create of a Sync Job). */
export function isJobCreate(call: WebhookCall): boolean {
  return call.messageName === 'Create' && call.entityName === Tables.syncJob.logicalName;
}
