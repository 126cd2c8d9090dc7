/**
 * Exact lookups over the CRM accounts: by tenant id, by company domain and by normalised name key.
 * All CRM accounts are indexed, mapped ones included: a mapped account is never proposed, but it still
 * counts as evidence (a tenant that belongs to a mapped account stops an automatic match elsewhere).
 *
 * Only the keys that provider accounts carry are indexed: the provider side is the small one (10,000
 * against 100,000), so one pass over the CRM accounts probing small maps is several times cheaper
 * than filling maps with every CRM key, and every lookup automap makes is by a provider's key.
 */
import type { PreparedAccount } from './prepare';

const NONE: readonly number[] = Object.freeze([]);

export class ExactIndex {
  private readonly byTenant = new Map<string, number[]>();
  private readonly byDomain = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();

  /**
   * @param crm CRM accounts in a fixed order; lists hold indexes into it, ascending
   * @param providers the accounts whose keys will be looked up
   */
  constructor(crm: readonly PreparedAccount[], providers: readonly PreparedAccount[]) {
    for (const p of providers) {
      if (p.tenantId) this.byTenant.set(p.tenantId, []);
      if (p.matchDomain) this.byDomain.set(p.matchDomain, []);
      if (p.norm.key !== '') this.byName.set(p.norm.key, []);
    }
    for (let index = 0; index < crm.length; index++) {
      const c = crm[index];
      if (c.tenantId !== undefined) this.byTenant.get(c.tenantId)?.push(index);
      if (c.matchDomain !== undefined) this.byDomain.get(c.matchDomain)?.push(index);
      if (c.norm.key !== '') this.byName.get(c.norm.key)?.push(index);
    }
  }

  /** CRM accounts with this tenant id (the key must be one a provider account carries). */
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
