/**
 * Row writes with Dataverse's rules, shared by POST, PATCH (update and upsert), DELETE and $batch:
 * - createdon / modifiedon / versionnumber are maintained here; versionnumber is global [C: rowversion].
 * - Create: a client-supplied primary key is honoured [C]; booleans get their default value; choices
 *   do NOT get theirs (a choice's default is a form default, the Web API leaves the column null) [I];
 *   statecode is always the first state on create and statuscode must belong to it [C: "2 is not a
 *   valid status code for state code AccountState.Active" when creating with statecode 1]; money
 *   without a currency gets the base currency [I]; SystemRequired columns must be present [I text].
 * - Update: statecode alone takes that state's default status [C]; statuscode alone moves to the
 *   state it belongs to [I]; a pair must match [C].
 * - Synchronous webhook steps run inside the transaction (pre-operation before, post-operation after
 *   the write) and abort it by throwing; asynchronous ones are queued for after the commit.
 */
import { randomUUID } from 'node:crypto';
import { Errors } from '../errors';
import type { Row } from '../store/codec';
import { newGuid } from '../store/ids';
import { REGISTRATION_TABLES, SYS, type TableMeta } from '../store/model';
import { BASE_CURRENCY_ID } from '../store/seed';
import { nowIso } from '../store/store';
import type { ApiContext, WriteEvent, WriteMessage } from './context';
import type { ParsedBody } from './body';
import { fillBaseCurrency } from './money';

const STATE = SYS.stateCode;
const STATUS = SYS.statusCode;
const CURRENCY = SYS.currency;

/**
 * `AccountState.Active`: the state enum is named after the table's schema name [C: seen on the wire
 * for account, task and custom tables]. The schema module keeps standard tables' schema names in lower
 * case, so the first letter is raised for them [I: multi-word standard names have more capitals].
 */
function stateName(t: TableMeta, state: number): string {
  const s = t.states.find((x) => x.value === state);
  const schema = t.def.standard
    ? t.def.schemaName.charAt(0).toUpperCase() + t.def.schemaName.slice(1)
    : t.def.schemaName;
  return `${schema}State.${s?.invariantName ?? state}`;
}

/** Fills and checks statecode/statuscode in `values` given the row's current state (undefined on create). */
function applyStateRules(t: TableMeta, values: Row, id: string, current: Row | undefined): void {
  if (t.states.length === 0) return;
  const hasState = Object.prototype.hasOwnProperty.call(values, STATE);
  const hasStatus = Object.prototype.hasOwnProperty.call(values, STATUS);
  let state: number;
  if (!current) {
    state = t.states[0].value; // the platform creates every row in its first (active) state
  } else if (hasState) {
    state = Number(values[STATE]);
    if (!t.states.some((s) => s.value === state)) {
      throw Errors.outOfRange(state, STATE, t.name, t.states.map((s) => s.value).join(', '));
    }
  } else if (hasStatus) {
    const owner = t.states.find((s) => s.statuses.some((x) => x.value === values[STATUS]));
    state = owner ? owner.value : Number(current[STATE]);
  } else {
    return;
  }
  const def = t.states.find((s) => s.value === state)!;
  if (hasStatus && values[STATUS] !== null) {
    const status = Number(values[STATUS]);
    if (!def.statuses.some((s) => s.value === status))
      throw Errors.invalidStatus(status, stateName(t, state), t.name, id);
  } else {
    values[STATUS] = def.defaultStatus;
  }
  values[STATE] = state;
}

function newEvent(message: WriteMessage, t: TableMeta, id: string, target: Row, ctx: ApiContext): WriteEvent {
  return { message, table: t, id, target, correlationId: ctx.correlationId || randomUUID() };
}

async function runPre(event: WriteEvent, ctx: ApiContext): Promise<boolean> {
  const has = ctx.events.hasSteps(event.message, event.table.name);
  if (has) await ctx.events.runSync(event, 'pre', ctx.client);
  return has;
}

async function runPost(event: WriteEvent, ctx: ApiContext): Promise<void> {
  await ctx.events.runSync(event, 'post', ctx.client);
  ctx.pendingAsync.push(event);
}

function touched(t: TableMeta, ctx: ApiContext): void {
  ctx.onWrite();
  if (REGISTRATION_TABLES.has(t.name)) ctx.events.invalidate();
}

export async function createRow(t: TableMeta, body: ParsedBody, ctx: ApiContext): Promise<Row> {
  const values: Row = { ...body.values };
  const id = typeof values[t.pk] === 'string' ? String(values[t.pk]) : newGuid();
  values[t.pk] = id;
  for (const c of t.def.columns) {
    if (c.type === 'boolean' && values[c.logicalName] === undefined) values[c.logicalName] = c.defaultValue ? 1 : 0;
  }
  applyStateRules(t, values, id, undefined);
  if (t.hasMoney && t.columns.has(CURRENCY) && values[CURRENCY] == null) {
    const anyMoney = t.def.columns.some((c) => c.type === 'money' && values[c.logicalName] != null);
    if (anyMoney) values[CURRENCY] = BASE_CURRENCY_ID;
  }
  fillBaseCurrency(t, values, undefined, ctx.store);
  for (const c of t.def.columns) {
    if (c.required === 'systemrequired' && c.type !== 'primarykey' && values[c.logicalName] == null)
      throw Errors.required(c.logicalName, t.name);
  }
  const now = nowIso();
  values[SYS.createdOn] = now;
  values[SYS.modifiedOn] = now;
  const event = newEvent('Create', t, id, body.values, ctx);
  const hasSteps = await runPre(event, ctx);
  values[SYS.versionNumber] = ctx.store.nextVersion();
  ctx.store.insert(t, values);
  touched(t, ctx);
  // The stored row is exactly the validated values (codec.ts stores what SQLite returns), so it is
  // built here rather than read back: a read of a wide row costs as much as the insert.
  const row: Row = {};
  for (const c of t.storedColumns) row[c] = values[c] ?? null;
  if (hasSteps) {
    event.postImage = row;
    await runPost(event, ctx);
  }
  return row;
}

export async function updateRow(t: TableMeta, current: Row, body: ParsedBody, ctx: ApiContext): Promise<Row> {
  const id = String(current[t.pk]);
  const values: Row = { ...body.values };
  if (values[t.pk] !== undefined && values[t.pk] !== id) {
    throw Errors.badQuery(`The primary key '${t.pk}' in the body does not match the record addressed by the URL.`);
  }
  delete values[t.pk];
  applyStateRules(t, values, id, current);
  fillBaseCurrency(t, values, current, ctx.store);
  values[SYS.modifiedOn] = nowIso();
  const event = newEvent('Update', t, id, { ...body.values, [t.pk]: id }, ctx);
  event.preImage = current;
  const hasSteps = await runPre(event, ctx);
  values[SYS.versionNumber] = ctx.store.nextVersion();
  ctx.store.update(t, id, values);
  touched(t, ctx);
  const row: Row = { ...current, ...values };
  if (hasSteps) {
    event.postImage = row;
    await runPost(event, ctx);
  }
  return row;
}

export async function deleteRow(t: TableMeta, current: Row, ctx: ApiContext): Promise<void> {
  const id = String(current[t.pk]);
  const event = newEvent('Delete', t, id, {}, ctx);
  event.preImage = current;
  const hasSteps = await runPre(event, ctx);
  ctx.store.delete(t, id);
  touched(t, ctx);
  if (hasSteps) await runPost(event, ctx);
}
