/**
 * Webhook registrations read from the emulator's own tables, exactly as they are registered in
 * Dataverse (through the API or from a solution): an enabled `sdkmessageprocessingstep` whose
 * `eventhandler` is a `serviceendpoint` with contract 8 (Webhook), bound to an `sdkmessage`
 * (Create/Update/Delete) and optionally an `sdkmessagefilter` (primaryobjecttypecode = table).
 * Cached, and reloaded after any write to those tables.
 */
import { Platform as Tables, PlatformChoices as Choices } from '../platform';
import { q } from '../store/ddl';
import type { Store } from '../store/store';
import type { WriteMessage } from '../webapi/context';

export interface StepRegistration {
  stepId: string;
  stepName: string;
  mode: number;
  stage: number;
  rank: number;
  /** Column logical names an Update must touch for the step to fire (Update only); empty = any. */
  filteringAttributes: string[];
  message: string;
  /** Table logical name, or undefined for a step on every table. */
  table?: string;
  endpointId: string;
  endpointName: string;
  url: string;
  authType: number | null;
  authValue: string | null;
}

export class StepRegistry {
  private cache: StepRegistration[] | undefined;

  constructor(private readonly store: Store) {}

  invalidate(): void {
    this.cache = undefined;
  }

  all(): StepRegistration[] {
    if (!this.cache) this.cache = this.load();
    return this.cache;
  }

  matching(message: WriteMessage, table: string): StepRegistration[] {
    return this.all().filter((s) => s.message === message && (s.table === undefined || s.table === table));
  }

  private load(): StepRegistration[] {
    const s = Tables.sdkMessageProcessingStep;
    const e = Tables.serviceEndpoint;
    const m = Tables.sdkMessage;
    const f = Tables.sdkMessageFilter;
    const sql = `SELECT s.${q(s.col.id)} AS stepId, s.${q(s.col.name)} AS stepName, s.${q(s.col.mode)} AS mode,
        s.${q(s.col.stage)} AS stage, s.${q(s.col.rank)} AS rank, s.${q(s.col.filteringAttributes)} AS filtering,
        m.${q(m.col.name)} AS message, f.${q(f.col.primaryObjectTypeCode)} AS tbl,
        e.${q(e.col.id)} AS endpointId, e.${q(e.col.name)} AS endpointName, e.${q(e.col.url)} AS url,
        e.${q(e.col.authType)} AS authType, e.${q(e.col.authValue)} AS authValue
      FROM ${q(s.logicalName)} s
      JOIN ${q(e.logicalName)} e ON e.${q(e.col.id)} = s.${q(s.col.eventHandler)}
      JOIN ${q(m.logicalName)} m ON m.${q(m.col.id)} = s.${q(s.col.message)}
      LEFT JOIN ${q(f.logicalName)} f ON f.${q(f.col.id)} = s.${q(s.col.messageFilter)}
      WHERE s.${q(s.col.stateCode)} = ? AND e.${q(e.col.contract)} = ?
      ORDER BY s.${q(s.col.stage)}, s.${q(s.col.rank)}`;
    const enabled = Tables.sdkMessageProcessingStep.states[0].value;
    return this.store.all(sql, [enabled, Choices.serviceEndpointContract.Webhook]).map((r) => ({
      stepId: String(r.stepId),
      stepName: String(r.stepName ?? ''),
      mode: Number(r.mode ?? 0),
      stage: Number(r.stage ?? 40),
      rank: Number(r.rank ?? 1),
      filteringAttributes: String(r.filtering ?? '')
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
      message: String(r.message),
      table: r.tbl === null || r.tbl === undefined || r.tbl === 'none' ? undefined : String(r.tbl),
      endpointId: String(r.endpointId),
      endpointName: String(r.endpointName ?? ''),
      url: String(r.url ?? ''),
      authType: r.authType === null ? null : Number(r.authType),
      authValue: r.authValue === null ? null : String(r.authValue),
    }));
  }
}
