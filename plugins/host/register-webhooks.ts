/**
 * `w365 register-webhooks`: creates or updates, in the target environment, the webhook service endpoint
 * (Http Header auth carrying the webhook key) and the step the service needs (Create of w365_syncjob,
 * asynchronous, post-operation). Running it twice changes nothing: the endpoint's auth value cannot be
 * read back (it is write-only), so a fingerprint of the key is kept in the endpoint's description and
 * the auth value is only rewritten when the key changed.
 */
import { createHash } from 'node:crypto';
import { Choices, Tables } from '../../solution/schema';
import type { DataverseClient, Row } from '../dataverse/client';
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

export async function registerWebhooks(
  dv: DataverseClient,
  input: { serviceUrl: string; webhookKey: string },
): Promise<RegistrationResult> {
  const E = Tables.serviceEndpoint;
  const S = Tables.sdkMessageProcessingStep;
  const url = `${input.serviceUrl.replace(/\/+$/, '')}/webhooks/dataverse`;
  const description = `Webhook of the Work 365 Provider Sync service. Key fingerprint: ${keyFingerprint(input.webhookKey)}`;
  const changes: string[] = [];

  const endpoints = await dv.all(E.entitySetName, {
    select: [E.col.id, E.col.url, E.col.description, E.col.authType, E.col.contract],
    filter: eq(E.col.name, ENDPOINT_NAME),
  });
  const desiredEndpoint: Row = {
    [E.col.name]: ENDPOINT_NAME,
    [E.col.url]: url,
    [E.col.contract]: Choices.serviceEndpointContract.Webhook,
    [E.col.authType]: Choices.serviceEndpointAuthType.HttpHeader,
    [E.col.messageFormat]: Choices.serviceEndpointMessageFormat.Json,
    [E.col.description]: description,
  };
  let endpointId: string;
  if (endpoints.length === 0) {
    endpointId = await dv.create(E.entitySetName, {
      ...desiredEndpoint,
      [E.col.authValue]: httpHeaderAuthValue(input.webhookKey),
    });
    changes.push('created the service endpoint');
  } else {
    const current = endpoints[0];
    endpointId = String(current[E.col.id]);
    const patch: Row = {};
    if (current[E.col.url] !== url) patch[E.col.url] = url;
    if (Number(current[E.col.authType]) !== Choices.serviceEndpointAuthType.HttpHeader)
      patch[E.col.authType] = Choices.serviceEndpointAuthType.HttpHeader;
    if (Number(current[E.col.contract]) !== Choices.serviceEndpointContract.Webhook)
      patch[E.col.contract] = Choices.serviceEndpointContract.Webhook;
    if (current[E.col.description] !== description) {
      patch[E.col.description] = description;
      patch[E.col.authValue] = httpHeaderAuthValue(input.webhookKey);
    }
    if (Object.keys(patch).length) {
      await dv.update(E.entitySetName, endpointId, patch);
      changes.push(
        `updated the service endpoint (${Object.keys(patch)
          .filter((k) => k !== E.col.authValue)
          .join(', ')})`,
      );
    }
  }

  const messages = await dv.all(Tables.sdkMessage.entitySetName, {
    select: [Tables.sdkMessage.col.id],
    filter: eq(Tables.sdkMessage.col.name, 'Create'),
  });
  if (!messages.length)
    throw new W365Error(
      RegistrationErrorCodes.MissingMessage,
      'The environment has no Create message (sdkmessage); cannot register the step.',
    );
  const messageId = String(messages[0][Tables.sdkMessage.col.id]);
  const F = Tables.sdkMessageFilter;
  const filters = await dv.all(F.entitySetName, {
    select: [F.col.id],
    filter: `${eq(F.col.primaryObjectTypeCode, Tables.syncJob.logicalName)} and ${eq(F.val.message, { guid: messageId })}`,
  });
  if (!filters.length) {
    throw new W365Error(
      RegistrationErrorCodes.MissingMessage,
      `The environment has no Create filter for ${Tables.syncJob.logicalName}: is the Work 365 solution imported?`,
    );
  }
  const filterId = String(filters[0][F.col.id]);

  const desiredStep: Row = {
    [S.col.name]: STEP_NAME,
    [S.col.mode]: Choices.stepMode.Asynchronous,
    [S.col.stage]: Choices.stepStage.PostOperation,
    [S.col.rank]: 1,
    [S.col.supportedDeployment]: Choices.stepSupportedDeployment.ServerOnly,
    [S.col.asyncAutoDelete]: false,
  };
  const steps = await dv.all(S.entitySetName, {
    select: [
      S.col.id,
      S.col.mode,
      S.col.stage,
      S.col.rank,
      S.col.supportedDeployment,
      S.col.asyncAutoDelete,
      S.val.eventHandler,
      S.val.messageFilter,
      S.val.message,
      S.col.stateCode,
    ],
    filter: eq(S.col.name, STEP_NAME),
  });
  const binds: Row = {
    [`${S.nav.eventHandler}@odata.bind`]: `/${E.entitySetName}(${endpointId})`,
    [`${S.nav.message}@odata.bind`]: `/${Tables.sdkMessage.entitySetName}(${messageId})`,
    [`${S.nav.messageFilter}@odata.bind`]: `/${F.entitySetName}(${filterId})`,
  };
  let stepId: string;
  if (!steps.length) {
    stepId = await dv.create(S.entitySetName, { ...desiredStep, ...binds });
    changes.push('created the step');
  } else {
    const current = steps[0];
    stepId = String(current[S.col.id]);
    const patch: Row = {};
    for (const [k, v] of Object.entries(desiredStep)) if (k !== S.col.name && current[k] !== v) patch[k] = v;
    if (String(current[S.val.eventHandler]) !== endpointId)
      patch[`${S.nav.eventHandler}@odata.bind`] = binds[`${S.nav.eventHandler}@odata.bind`];
    if (String(current[S.val.messageFilter]) !== filterId)
      patch[`${S.nav.messageFilter}@odata.bind`] = binds[`${S.nav.messageFilter}@odata.bind`];
    if (String(current[S.val.message]) !== messageId)
      patch[`${S.nav.message}@odata.bind`] = binds[`${S.nav.message}@odata.bind`];
    if (Number(current[S.col.stateCode]) !== 0) {
      patch[S.col.stateCode] = 0;
      patch[S.col.statusCode] = 1;
    }
    if (Object.keys(patch).length) {
      await dv.update(S.entitySetName, stepId, patch);
      changes.push(`updated the step (${Object.keys(patch).join(', ')})`);
    }
  }
  return { endpointId, stepId, changes };
}
