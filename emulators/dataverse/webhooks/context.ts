/**
 * The RemoteExecutionContext a webhook receives [C use-webhooks.md]: the .NET DataContract JSON of the
 * plug-in execution context, so collections are key/value arrays, dates are WCF "\/Date(ms)\/"
 * strings, and typed values carry `__type` (Entity, EntityReference, OptionSetValue, Money).
 * For Create the new id is in OutputParameters under "id" [I].
 */
import { randomUUID } from 'node:crypto';
import type { ColumnDef } from '../metadata/types';
import { Platform } from '../platform';
import type { EmulatorClient } from '../clients';
import type { Row } from '../store/codec';
import { isPolymorphic, lookupTypeColumn, SYS, type TableMeta } from '../store/model';
import type { Environment, WriteEvent } from '../webapi/context';

const CONTRACTS = 'http://schemas.microsoft.com/xrm/2011/Contracts';

export const wcfDate = (ms: number): string => `/Date(${ms})/`;

export interface StepInfo {
  id: string;
  name: string;
  mode: number;
  stage: number;
}

type KeyValue = { key: string; value: unknown };

function entityReference(logicalName: string, id: string): Record<string, unknown> {
  return {
    __type: `EntityReference:${CONTRACTS}`,
    Id: id,
    KeyAttributes: [],
    LogicalName: logicalName,
    Name: null,
    RowVersion: null,
  };
}

function attributeValue(c: ColumnDef, row: Row): unknown {
  const v = row[c.logicalName];
  if (v === null || v === undefined) return null;
  switch (c.type) {
    case 'choice':
    case 'state':
    case 'status':
      return { __type: `OptionSetValue:${CONTRACTS}`, Value: v };
    case 'money':
      return { __type: `Money:${CONTRACTS}`, Value: v };
    case 'boolean':
      return v === 1;
    case 'datetime':
      return wcfDate(Date.parse(c.behavior === 'dateonly' ? `${String(v)}T00:00:00Z` : String(v)));
    case 'lookup': {
      const target = isPolymorphic(c) ? String(row[lookupTypeColumn(c.logicalName)]) : c.targets[0].table;
      return entityReference(target, String(v));
    }
    default:
      return v;
  }
}

function entity(t: TableMeta, id: string, row: Row, only?: readonly string[]): Record<string, unknown> {
  const attributes: KeyValue[] = [];
  for (const c of t.def.columns) {
    if (only && !only.includes(c.logicalName)) continue;
    if (!Object.prototype.hasOwnProperty.call(row, c.logicalName)) continue;
    attributes.push({ key: c.logicalName, value: attributeValue(c, row) });
  }
  return {
    __type: `Entity:${CONTRACTS}`,
    Attributes: attributes,
    EntityState: null,
    FormattedValues: [],
    Id: id,
    KeyAttributes: [],
    LogicalName: t.name,
    RelatedEntities: [],
    RowVersion:
      row[SYS.versionNumber] !== undefined && row[SYS.versionNumber] !== null ? String(row[SYS.versionNumber]) : null,
  };
}

export function remoteExecutionContext(
  event: WriteEvent,
  step: StepInfo,
  client: EmulatorClient,
  env: Environment,
  now: number = Date.now(),
): Record<string, unknown> {
  const t = event.table;
  const target =
    event.message === 'Delete'
      ? entityReference(t.name, event.id)
      : entity(
          t,
          event.id,
          {
            ...event.target,
            [t.pk]: event.id,
            ...(event.postImage ? { [SYS.versionNumber]: event.postImage[SYS.versionNumber] } : {}),
          },
          undefined,
        );
  const output: KeyValue[] = event.message === 'Create' && step.stage === 40 ? [{ key: 'id', value: event.id }] : [];
  return {
    BusinessUnitId: env.businessUnitId,
    CorrelationId: event.correlationId,
    Depth: 1,
    InitiatingUserAzureActiveDirectoryObjectId: client.objectId,
    InitiatingUserId: client.userId,
    InputParameters: [{ key: 'Target', value: target }],
    IsExecutingOffline: false,
    IsInTransaction: step.mode === 0,
    IsOfflinePlayback: false,
    IsolationMode: 1,
    MessageName: event.message,
    Mode: step.mode,
    OperationCreatedOn: wcfDate(now),
    OperationId: randomUUID(),
    OrganizationId: env.organizationId,
    OrganizationName: env.organizationName,
    OutputParameters: output,
    OwningExtension: {
      Id: step.id,
      KeyAttributes: [],
      LogicalName: Platform.sdkMessageProcessingStep.logicalName,
      Name: step.name,
      RowVersion: null,
    },
    ParentContext: null,
    PostEntityImages: [],
    PreEntityImages: [],
    PrimaryEntityId: event.id,
    PrimaryEntityName: t.name,
    RequestId: randomUUID(),
    SecondaryEntityName: 'none',
    SharedVariables: [],
    Stage: step.stage,
    UserAzureActiveDirectoryObjectId: client.objectId,
    UserId: client.userId,
  };
}

/**
 * JSON text as WCF writes it: its serializer escapes '/' in dates ("\/Date(1506409448000)\/"). The
 * parsed value is the same either way; receivers that match the raw text see the real shape.
 */
export function toWcfJson(value: unknown): string {
  return JSON.stringify(value).replace(/"\/Date\((-?\d+(?:[+-]\d{4})?)\)\/"/g, '"\\/Date($1)\\/"');
}
