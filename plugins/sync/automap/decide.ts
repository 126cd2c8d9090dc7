/**
 * The decision for one provider account, strongest evidence first:
 *   1. same Microsoft tenant, 2. same company domain, 3. same normalised name, 4. similar name.
 * Tiers 1 to 3 map automatically only when exactly one CRM account carries the evidence (mapped
 * accounts counted: they are evidence too), it is not mapped, and no other strong evidence points
 * elsewhere or against it. Whenever evidence sits on a mapped account, nothing after it may map
 * automatically ("guessing wrong is worse than not guessing"); such notes travel down the tiers.
 * Tier 4 only ever suggests.
 */
import { countWord, explainSameName, listItems, percent, sameNameAs } from './explain';
import type { ExactIndex } from './exact-index';
import type { FuzzyIndex } from './fuzzy-index';
import { domainConflict, PreparedAccount, sameName, tenantConflict } from './prepare';
import type { AutomapReasonCode } from './types';
import { compareText, rankCandidates, SCORE, Verdict, verdict } from './verdict';

export interface DecideContext {
  crm: readonly PreparedAccount[];
  /** 1 where the CRM account at that index is already mapped within this provider. */
  mapped: Uint8Array;
  exact: ExactIndex;
  fuzzy: FuzzyIndex;
  suggestThreshold: number;
}

/** Why automatic mapping is off for this provider account: evidence that points at mapped accounts. */
type Notes = string[];

export function decideForProvider(provider: PreparedAccount, ctx: DecideContext): Verdict {
  const notes: Notes = [];
  return (
    byTenant(provider, ctx, notes) ??
    byDomain(provider, ctx, notes) ??
    byName(provider, ctx, notes) ??
    bySimilarName(provider, ctx, notes)
  );
}

function byTenant(p: PreparedAccount, ctx: DecideContext, notes: Notes): Verdict | undefined {
  const all = ctx.exact.withTenant(p.tenantId);
  if (all.length === 0) return undefined;
  const open = all.filter((i) => !ctx.mapped[i]);
  if (open.length === 0) {
    notes.push(`the same Microsoft tenant is on ${names(ctx, all)}, already mapped in this provider`);
    return undefined;
  }
  if (all.length === 1) {
    const c = all[0];
    // A different account with this domain (and no other tenant) is strong evidence the other way.
    const rivals = ctx.exact.withDomain(p.matchDomain).filter((i) => i !== c && !tenantConflict(p, ctx.crm[i]));
    if (rivals.length === 0) return verdict('auto', c, SCORE.auto, 'same_tenant', 'Same Microsoft tenant');
    return verdict(
      'suggest',
      c,
      SCORE.exactButAmbiguous,
      'conflicting_evidence',
      `Same Microsoft tenant as '${ctx.crm[c].name}', but ${names(ctx, rivals)} has the same domain ${p.matchDomain}: check which one`,
    );
  }
  const ranked = rankCandidates(p, ctx.crm, open);
  return withAlternatives(
    ranked,
    SCORE.exactButAmbiguous,
    'tenant_ambiguous',
    `${countWord(all.length)} CRM accounts have the same Microsoft tenant (${namesWithMapped(ctx, ranked, all)}): pick one`,
  );
}

function byDomain(p: PreparedAccount, ctx: DecideContext, notes: Notes): Verdict | undefined {
  const all = ctx.exact.withDomain(p.matchDomain);
  // An account with this domain but another tenant is evidence against it, not for it (see byName).
  const valid = all.filter((i) => !tenantConflict(p, ctx.crm[i]));
  if (valid.length === 0) return undefined;
  const open = valid.filter((i) => !ctx.mapped[i]);
  if (open.length === 0) {
    notes.push(`the domain ${p.matchDomain} is on ${names(ctx, valid)}, already mapped in this provider`);
    return undefined;
  }
  if (all.length === 1) {
    const c = all[0];
    const nameRivals = p.norm.generic
      ? []
      : ctx.exact
          .withNameKey(p.norm.key)
          .filter((i) => i !== c && !tenantConflict(p, ctx.crm[i]) && !ctx.crm[i].norm.generic);
    if (!sameName(p, ctx.crm[c]) && nameRivals.length > 0) {
      return verdict(
        'suggest',
        c,
        SCORE.exactButAmbiguous,
        'conflicting_evidence',
        `Same domain ${p.matchDomain} as '${ctx.crm[c].name}', but ${names(ctx, nameRivals)} has the same name: check which one`,
      );
    }
    if (notes.length === 0) return verdict('auto', c, SCORE.auto, 'same_domain', `Same domain ${p.matchDomain}`);
    return blocked(c, `Same domain ${p.matchDomain}`, notes);
  }
  const sameNamed = all.filter((i) => sameName(p, ctx.crm[i]));
  if (sameNamed.length === 1 && !ctx.mapped[sameNamed[0]] && !tenantConflict(p, ctx.crm[sameNamed[0]])) {
    const c = sameNamed[0];
    const reason = `Same domain ${p.matchDomain} and ${lowerFirst(explainSameName(p.name, ctx.crm[c].name))}`;
    if (notes.length === 0) return verdict('auto', c, SCORE.auto, 'same_domain_and_name', reason);
    return blocked(c, reason, notes);
  }
  const ranked = rankCandidates(p, ctx.crm, open);
  return withAlternatives(
    ranked,
    SCORE.exactButAmbiguous,
    'domain_ambiguous',
    `${countWord(all.length)} CRM accounts have the domain ${p.matchDomain} (${namesWithMapped(ctx, ranked, all)}): pick one`,
  );
}

function byName(p: PreparedAccount, ctx: DecideContext, notes: Notes): Verdict | undefined {
  const all = ctx.exact.withNameKey(p.norm.key);
  if (all.length === 0) return undefined;
  const open = all.filter((i) => !ctx.mapped[i]);
  if (open.length === 0) {
    notes.push(`the same name is on ${names(ctx, all)}, already mapped in this provider`);
    return undefined;
  }
  const ranked = rankCandidates(p, ctx.crm, open);
  const best = ranked[0];
  const c = ctx.crm[best];
  const explanation = explainSameName(p.name, c.name);
  if (p.norm.generic) {
    return verdict(
      'suggest',
      best,
      SCORE.genericName,
      'generic_name',
      `${sameNameAs(explanation, c.name)}, but a name that is only a legal form or a single letter is too generic to map automatically`,
    );
  }
  if (all.length > 1) {
    return withAlternatives(
      ranked,
      SCORE.exactButAmbiguous,
      'name_ambiguous',
      `${countWord(all.length)} CRM accounts match equally well (${namesWithMapped(ctx, ranked, all)}): pick one`,
    );
  }
  if (tenantConflict(p, c)) {
    return verdict(
      'suggest',
      best,
      SCORE.sameNameOtherTenant,
      'conflicting_evidence',
      `${sameNameAs(explanation, c.name)}, but a different Microsoft tenant: check that it is the same customer`,
    );
  }
  if (domainConflict(p, c)) {
    return verdict(
      'suggest',
      best,
      SCORE.sameNameOtherDomain,
      'conflicting_evidence',
      `${sameNameAs(explanation, c.name)}, but different domains (${p.matchDomain} vs ${c.matchDomain}): check that it is the same customer`,
    );
  }
  if (notes.length === 0) return verdict('auto', best, SCORE.auto, 'same_name', explanation);
  return blocked(best, sameNameAs(explanation, c.name), notes);
}

function bySimilarName(p: PreparedAccount, ctx: DecideContext, notes: Notes): Verdict {
  const noted = (text: string) => (notes.length > 0 ? `${upperFirst(notes.join('; '))}. ${text}` : text);
  const code = notes.length > 0 ? 'match_mapped' : undefined;
  if (p.norm.key === '') {
    return verdict(
      'none',
      undefined,
      0,
      code ?? 'no_usable_name',
      noted('No name to compare, and no CRM account with the same tenant or domain'),
    );
  }
  if (p.norm.generic) {
    return verdict(
      'none',
      undefined,
      0,
      code ?? 'no_usable_name',
      noted(`The name '${p.name}' is only a legal form or a single letter: nothing to compare`),
    );
  }
  const query = ctx.fuzzy.profileOf(p);
  const scored = ctx.fuzzy
    .candidates(query)
    .filter((i) => !tenantConflict(p, ctx.crm[i]))
    .map((i) => {
      const otherDomain = domainConflict(p, ctx.crm[i]);
      const similarity = ctx.fuzzy.similarity(query, i) * (otherDomain ? SCORE.otherDomainFactor : 1);
      return { index: i, score: Math.round(similarity * 1000) / 1000, otherDomain };
    })
    .sort(
      (a, b) => b.score - a.score || compareText(ctx.crm[a.index].name, ctx.crm[b.index].name) || a.index - b.index,
    );
  const top = scored[0];
  if (!top || top.score < ctx.suggestThreshold) {
    const closest = top ? ` (closest: '${ctx.crm[top.index].name}', ${percent(top.score)})` : '';
    return verdict(
      'none',
      undefined,
      top ? top.score : 0,
      code ?? 'no_match',
      noted(`No CRM account with the same tenant, domain or a similar name${closest}`),
    );
  }
  const tied = scored.filter((s) => s.score === top.score);
  const suggestions = scored
    .filter((s) => s.score >= ctx.suggestThreshold)
    .slice(0, 3)
    .map((s) => {
      const c = ctx.crm[s.index];
      const domainNote = s.otherDomain ? ` (different domains: ${p.matchDomain} vs ${c.matchDomain})` : '';
      const text =
        tied.length > 1 && s.index === top.index
          ? `${countWord(tied.length)} CRM accounts match equally well (${names(
              ctx,
              tied.map((t) => t.index),
            )}), similar name (${percent(s.score)}): pick one`
          : `Similar name (${percent(s.score)}): '${p.name}' vs '${c.name}'${domainNote}`;
      const reasonCode = code ?? (tied.length > 1 && s.index === top.index ? 'similar_name_tie' : 'similar_name');
      return verdict('suggest', s.index, s.score, reasonCode, noted(text));
    });
  return { ...suggestions[0], alternatives: suggestions };
}

/** A suggestion that would have been automatic but for evidence on mapped accounts. */
function blocked(crmIndex: number, evidence: string, notes: Notes): Verdict {
  return verdict(
    'suggest',
    crmIndex,
    SCORE.exactButBlocked,
    'match_mapped',
    `${evidence}, but not automatic: ${notes.join('; ')}`,
  );
}

/** A suggestion of the first of several equally good accounts; the others wait in case it is taken (resolve.ts). */
function withAlternatives(
  ranked: readonly number[],
  score: number,
  reasonCode: AutomapReasonCode,
  reason: string,
): Verdict {
  const suggestions = ranked.slice(0, 3).map((i) => verdict('suggest', i, score, reasonCode, reason));
  return { ...suggestions[0], alternatives: suggestions };
}

/** Names for a reason; a name shared by several of them gets the account id, or the list would read 'A'; 'A'. */
function names(ctx: DecideContext, indexes: readonly number[]): string {
  const list = indexes.map((i) => ctx.crm[i].name);
  return listItems(
    list.map((name, k) =>
      list.indexOf(name) !== list.lastIndexOf(name) ? `'${name}' (${ctx.crm[indexes[k]].id})` : `'${name}'`,
    ),
  );
}

/** Account names for ambiguity reasons: the proposable ones best first, then how many are mapped already. */
function namesWithMapped(ctx: DecideContext, rankedOpen: readonly number[], all: readonly number[]): string {
  const mapped = all.length - rankedOpen.length;
  return mapped > 0 ? `${names(ctx, rankedOpen)}, and ${mapped} already mapped` : names(ctx, rankedOpen);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
