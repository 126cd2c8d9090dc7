/**
 * `w365 register-webhooks`: creates or updates, in the target environment, the webhook service endpoint
 * (Http Header auth carrying the webhook key) and the step the service needs (Create of w365_syncjob,
 * asynchronous, post-operation). Running it twice changes nothing: the endpoint's auth value cannot be
 * read back (it is write-only), so a fingerprint of the key is kept in the endpoint's description and
 * the auth value is only rewritten when the key changed.
 */
import { createHash } from 'node:crypto';
import { Choices, Tables } from '../../solution/schema';
import type { DataverseApi } from '../dataverse/api';
import { diff, selectFor } from '../dataverse/diff';
import { bind, createRow, updateRow, type Desired } from '../dataverse/intents';
import { eq } from '../dataverse/odata';
import { W365Error } from '../../common/errors';
import { WEBHOOK_KEY_HEADER } from './webhook';

export const ENDPOINT_NAME = 'Work 365 Provider Sync';
export const STEP_NAME = 'Work 365 Provider Sync: Create of Sync Job';

export const RegistrationErrorCodes = { MissingMessage: 'WEBHOOK_REGISTRATION_FAILED' } as const;

export interface RegistrationResult {
  endpointId: string;
  stepId: string;
  /** What changed: empty when everything was already in place. */
  changes: string[];
}

function escapeXmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** [I] The Http Header auth value format (dataverse.md §2.1: unconfirmed): `<settings><setting name=".." value=".."/></settings>`. */
export function httpHeaderAuthValue(key: string): string {
  return `<settings><setting name="${WEBHOOK_KEY_HEADER}" value="${escapeXmlAttr(key)}" /></settings>`;
}

export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

const E = Tables.serviceEndpoint;
const S = Tables.sdkMessageProcessingStep;
const F = Tables.sdkMessageFilter;

export async function registerWebhooks(
  dv: DataverseApi,
  input: { serviceUrl: string; webhookKey: string },
): Promise<RegistrationResult> {
  const changes: string[] = [];
  const endpointId = await ensureEndpoint(dv, input, changes);
  const { messageId, filterId } = await createOfSyncJob(dv);
  const stepId = await ensureStep(dv, { endpointId, messageId, filterId }, changes);
  return { endpointId, stepId, changes };
}

/** The webhook service endpoint; its write-only auth value is rewritten only when the key changed. */
async function ensureEndpoint(
  dv: DataverseApi,
  input: { serviceUrl: string; webhookKey: string },
  changes: string[],
): Promise<string> {
  const description = `Webhook of the Work 365 Provider Sync service. Key fingerprint: ${keyFingerprint(input.webhookKey)}`;
  const desired: Desired = {
    values: {
      [E.col.name]: ENDPOINT_NAME,
      [E.col.url]: `${input.serviceUrl.replace(/\/+$/, '')}/webhooks/dataverse`,
      [E.col.contract]: Choices.serviceEndpointContract.Webhook,
      [E.col.authType]: Choices.serviceEndpointAuthType.HttpHeader,
      [E.col.messageFormat]: Choices.serviceEndpointMessageFormat.Json,
      [E.col.description]: description,
    },
  };
  const [current] = await dv.all(E, {
    select: [E.col.id, E.col.url, E.col.description, E.col.authType, E.col.contract, E.col.messageFormat, E.col.name],
    filter: eq(E.col.name, ENDPOINT_NAME),
  });
  if (!current) {
    const authValue = httpHeaderAuthValue(input.webhookKey);
    const { id } = await dv.write(createRow(E, { values: { ...desired.values, [E.col.authValue]: authValue } }));
    changes.push('created the service endpoint');
    return requireId(id, E.logicalName);
  }
  const endpointId = String(current[E.col.id]);
  const patch = diff(E, current, desired);
  if (patch) {
    const changed = Object.keys(patch.values);
    if (patch.values[E.col.description] !== undefined)
      patch.values[E.col.authValue] = httpHeaderAuthValue(input.webhookKey);
    await dv.write(updateRow(E, endpointId, patch));
    changes.push(`updated the service endpoint (${changed.join(', ')})`);
  }
  return endpointId;
}

/** The Create message and its filter for Sync Job, which the imported solution's table brings. */
async function createOfSyncJob(dv: DataverseApi): Promise<{ messageId: string; filterId: string }> {
  const M = Tables.sdkMessage;
  const [message] = await dv.all(M, { select: [M.col.id], filter: eq(M.col.name, 'Create') });
  if (!message)
    throw new W365Error(
      RegistrationErrorCodes.MissingMessage,
      'The environment has no Create message (sdkmessage); cannot register the step.',
    );
  const messageId = String(message[M.col.id]);
  const [filter] = await dv.all(F, {
    select: [F.col.id],
    filter: `${eq(F.col.primaryObjectTypeCode, Tables.syncJob.logicalName)} and ${eq(F.val.message, { guid: messageId })}`,
  });
  if (!filter)
    throw new W365Error(
      RegistrationErrorCodes.MissingMessage,
      `The environment has no Create filter for ${Tables.syncJob.logicalName}: is the Work 365 solution imported?`,
    );
  return { messageId, filterId: String(filter[F.col.id]) };
}

/** The step: Create of w365_syncjob, asynchronous, post-operation, enabled, pointing at the endpoint. */
async function ensureStep(
  dv: DataverseApi,
  ids: { endpointId: string; messageId: string; filterId: string },
  changes: string[],
): Promise<string> {
  const desired: Desired = {
    values: {
      [S.col.name]: STEP_NAME,
      [S.col.mode]: Choices.stepMode.Asynchronous,
      [S.col.stage]: Choices.stepStage.PostOperation,
      [S.col.rank]: 1,
      [S.col.supportedDeployment]: Choices.stepSupportedDeployment.ServerOnly,
      [S.col.asyncAutoDelete]: false,
      [S.col.stateCode]: 0,
      [S.col.statusCode]: 1,
    },
    lookups: {
      [S.col.eventHandler]: bind(E, ids.endpointId),
      [S.col.message]: bind(Tables.sdkMessage, ids.messageId),
      [S.col.messageFilter]: bind(F, ids.filterId),
    },
  };
  const [current] = await dv.all(S, { select: [S.col.id, ...selectFor(desired)], filter: eq(S.col.name, STEP_NAME) });
  if (!current) {
    const { values, lookups } = desired;
    const { id } = await dv.write(
      createRow(S, { values: { ...values, [S.col.stateCode]: undefined, [S.col.statusCode]: undefined }, lookups }),
    );
    changes.push('created the step');
    return requireId(id, S.logicalName);
  }
  const stepId = String(current[S.col.id]);
  const patch = diff(S, current, desired);
  if (patch) {
    await dv.write(updateRow(S, stepId, patch));
    changes.push(`updated the step (${[...Object.keys(patch.values), ...Object.keys(patch.lookups)].join(', ')})`);
  }
  return stepId;
}

function requireId(id: string | undefined, table: string): string {
  if (!id)
    throw new W365Error(RegistrationErrorCodes.MissingMessage, `Dataverse did not return the id of the new ${table}.`);
  return id;
}
