/**
 * Exact lookups over the CRM accounts: by tenant id, by company domain and by normalised name key.
 * All CRM accounts are indexed, mapped ones included: a mapped account is never proposed, but it still
 * counts as evidence (a tenant that belongs to a mapped account stops an automatic match elsewhere).
 */
import type { PreparedAccount } from './prepare';

const NONE: readonly number[] = Object.freeze([]);

export class ExactIndex {
  private readonly byTenant = new Map<string, number[]>();
  private readonly byDomain = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();

  /** `crm` in a fixed order; lists hold indexes into it, ascending. */
  constructor(crm: readonly PreparedAccount[]) {
    crm.forEach((account, index) => {
      if (account.tenantId) push(this.byTenant, account.tenantId, index);
      if (account.matchDomain) push(this.byDomain, account.matchDomain, index);
      if (account.norm.key !== '') push(this.byName, account.norm.key, index);
    });
  }

  withTenant(tenantId: string | undefined): readonly number[] {
    return tenantId ? (this.byTenant.get(tenantId) ?? NONE) : NONE;
  }

  withDomain(matchDomain: string | undefined): readonly number[] {
    return matchDomain ? (this.byDomain.get(matchDomain) ?? NONE) : NONE;
  }

  /** CRM accounts whose normalised name key is `key` (generic names included; callers check). */
  withNameKey(key: string): readonly number[] {
    return key !== '' ? (this.byName.get(key) ?? NONE) : NONE;
  }
}

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}
