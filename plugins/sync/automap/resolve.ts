/**
 * One CRM account is never mapped automatically to two provider accounts: when several provider
 * accounts would map to the same CRM account, none of them does, and each becomes a suggestion that
 * names the others. Then suggestions whose CRM account is now mapped automatically elsewhere move to
 * their next alternative, or say why they cannot be accepted as they are.
 * Independent of input order: groups are by CRM account, and every member is treated alike.
 */
import type { PreparedAccount } from './prepare';
import { SCORE, Verdict, verdict } from './verdict';

export function resolveOneToOne(
  verdicts: readonly Verdict[],
  providers: readonly PreparedAccount[],
  crm: readonly PreparedAccount[],
): Verdict[] {
  const autoByCrm = new Map<number, number[]>();
  verdicts.forEach((v, position) => {
    if (v.decision !== 'auto' || v.crmIndex === undefined) return;
    const group = autoByCrm.get(v.crmIndex);
    if (group) group.push(position);
    else autoByCrm.set(v.crmIndex, [position]);
  });

  const resolved = verdicts.slice();
  const takenBy = new Map<number, number>();
  for (const [crmIndex, positions] of autoByCrm) {
    if (positions.length === 1) {
      takenBy.set(crmIndex, positions[0]);
      continue;
    }
    for (const position of positions) {
      const others = positions.filter((p) => p !== position).map((p) => describeProvider(providers[p]));
      resolved[position] = verdict(
        'suggest',
        crmIndex,
        SCORE.exactButAmbiguous,
        'contested',
        `${verdicts[position].reason}, but '${crm[crmIndex].name}' is also the automatic match for provider account ${listProviders(others)}: pick which one maps to it`,
      );
    }
  }

  resolved.forEach((v, position) => {
    if (v.decision !== 'suggest' || v.crmIndex === undefined || !takenBy.has(v.crmIndex)) return;
    const owner = providers[takenBy.get(v.crmIndex) as number];
    const note = `'${crm[v.crmIndex].name}' is being mapped automatically to provider account ${describeProvider(owner)}`;
    const next = v.alternatives?.find((alt) => alt.crmIndex !== undefined && !takenBy.has(alt.crmIndex));
    resolved[position] = next
      ? { ...next, reason: `${next.reason} (${note})` }
      : { ...v, reason: `${v.reason} (note: ${note})` };
  });
  return resolved;
}

/** "'Contoso Pty Ltd' (TD-1042)" */
function describeProvider(p: PreparedAccount): string {
  return `'${p.name}' (${p.id})`;
}

/** At most three, then "and N more". */
function listProviders(described: readonly string[]): string {
  const shown = described.slice(0, 3).join('; ');
  return described.length > 3 ? `${shown} and ${described.length - 3} more` : shown;
}
