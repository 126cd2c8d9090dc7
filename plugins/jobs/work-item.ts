/**
 * The work-item envelope: what one queue message carries. Every message names its environment (one
 * service can serve several Dataverse environments) and its Sync Job; a message without `item` stands
 * for the whole job (today's behaviour), one with `item` for one keyed part of it (a page of provider
 * accounts, one customer's subscriptions), which phase 2 of issue 18 introduces.
 *
 * Versioned: `v` is checked first, so a worker never misreads a message written by a newer release
 * (it fails that delivery, the message goes back to the queue for a worker that knows the version, and
 * after the allowed number of deliveries to the poison queue, never silently dropped).
 *
 * On the wire the JSON is base64-encoded: that is what Azure Functions' queue trigger and Storage
 * Explorer expect, and it keeps any character of a key or parameter safe inside the XML body that the
 * Queue service's REST API wraps around every message.
 */
import Ajv from 'ajv';
import { W365Error } from '../../common/errors';
import { DistributedErrorCodes } from './distributed-errors';
import { EnvelopeMessages } from './distributed-strings';

export const WORK_ITEM_ENVELOPE_VERSION = 1;

/** Azure Storage queue messages hold at most 64 KiB of text (the base64 form counts). */
export const MAX_ENCODED_MESSAGE_BYTES = 64 * 1024;

export interface WorkItemRef {
  /** What the item is: `customer-subscriptions`, `provider-accounts` or `provider-accounts-removed`. */
  kind: string;
  /** Unique within the job and the same on every delivery: the item's idempotency key. */
  key: string;
  /**
   * The item's parameters: customer ids, or (an accounts sync) a few customers as the distributor
   * listed them, under the queue's size cap. Never a secret: messages are not encrypted by us (Storage
   * encrypts them at rest).
   */
  data?: Record<string, unknown>;
}

export interface WorkItemEnvelope {
  v: typeof WORK_ITEM_ENVELOPE_VERSION;
  /** The environment's name in the environments file (`default` for a single-environment service). */
  environment: string;
  /** The Sync Job (`w365_syncjobid`) the message belongs to. */
  jobId: string;
  item?: WorkItemRef;
  /** When the message was first sent (ISO 8601), for queue-latency metrics. */
  enqueuedAt?: string;
  /** W3C `traceparent` of the job's trace, so that an item's spans join it. */
  traceparent?: string;
}

const NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const envelopeSchema = {
  type: 'object',
  required: ['v', 'environment', 'jobId'],
  properties: {
    v: { const: WORK_ITEM_ENVELOPE_VERSION },
    environment: { type: 'string', pattern: NAME },
    jobId: { type: 'string', pattern: GUID },
    item: {
      type: 'object',
      required: ['kind', 'key'],
      properties: {
        kind: { type: 'string', minLength: 1, maxLength: 64 },
        key: { type: 'string', minLength: 1, maxLength: 512 },
        data: { type: 'object' },
      },
    },
    enqueuedAt: { type: 'string' },
    traceparent: { type: 'string', maxLength: 128 },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(envelopeSchema);

function malformed(reason: string, details: Record<string, unknown> = {}): W365Error {
  return new W365Error(DistributedErrorCodes.MessageMalformed, EnvelopeMessages.malformed(reason), {
    details: { reason, ...details },
  });
}

/** Checks an envelope's fields; throws JOB_MESSAGE_MALFORMED naming the first bad ones. */
export function assertEnvelope(value: unknown): asserts value is WorkItemEnvelope {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed('not a JSON object');
  const version = (value as { v?: unknown }).v;
  if (version !== WORK_ITEM_ENVELOPE_VERSION) {
    throw malformed(EnvelopeMessages.unknownVersion(version), { version, retryElsewhere: true });
  }
  if (!validate(value)) {
    const reasons = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw malformed(reasons.join('; '));
  }
}

/** The message text for an envelope; throws JOB_MESSAGE_TOO_LARGE above the queue's limit. */
export function encodeEnvelope(envelope: WorkItemEnvelope): string {
  assertEnvelope(envelope);
  const text = Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
  if (Buffer.byteLength(text) > MAX_ENCODED_MESSAGE_BYTES) {
    throw new W365Error(
      DistributedErrorCodes.MessageTooLarge,
      EnvelopeMessages.tooLarge(Buffer.byteLength(text), MAX_ENCODED_MESSAGE_BYTES),
    );
  }
  return text;
}

/**
 * The envelope in a message text (base64 JSON, or plain JSON as a person might send from Storage
 * Explorer); throws JOB_MESSAGE_MALFORMED. `details.retryElsewhere` marks a version this release
 * does not know, which a newer worker may read.
 */
export function decodeEnvelope(text: string): WorkItemEnvelope {
  const trimmed = text.trim();
  const json = trimmed.startsWith('{') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw malformed('not JSON (nor base64-encoded JSON)');
  }
  assertEnvelope(value);
  return value;
}
