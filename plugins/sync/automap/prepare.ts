/** Accounts as automap compares them: normalised once, up front, so that every later step is a lookup. */
import { domainBrand, domainOf, isGenericMailboxDomain } from './domain';
import { NormalisedName, normaliseName, normaliseTenantId } from './normalise';

export interface PreparedAccount {
  id: string;
  /** The name as given (trimmed), for reasons. */
  name: string;
  norm: NormalisedName;
  tenantId?: string;
  /** The domain as given, normalised, even when generic (for reasons). */
  domain?: string;
  /** The domain when it can identify a company (not gmail.com and the like): the only one that matches. */
  matchDomain?: string;
  /** The owner label of `matchDomain` (see `domainBrand`). */
  brand?: string;
}

export function prepareAccount(account: { id: string; name: string; domain?: string; tenantId?: string }): PreparedAccount {
  const name = (account.name ?? '').trim();
  const prepared: PreparedAccount = { id: account.id, name, norm: normaliseName(name) };
  const tenantId = normaliseTenantId(account.tenantId);
  if (tenantId) prepared.tenantId = tenantId;
  const domain = account.domain ? domainOf(account.domain) : undefined;
  if (domain) {
    prepared.domain = domain;
    if (!isGenericMailboxDomain(domain)) {
      prepared.matchDomain = domain;
      // A tenant's x.onmicrosoft.com name is chosen once at sign-up and is often not the brand
      // ("contosoau"): it matches exactly, but its difference from a website domain proves nothing.
      if (!domain.endsWith('.onmicrosoft.com')) prepared.brand = domainBrand(domain);
    }
  }
  return prepared;
}

/** Both have a tenant id and they differ: Microsoft says these are different customers. */
export function tenantConflict(a: PreparedAccount, b: PreparedAccount): boolean {
  return a.tenantId !== undefined && b.tenantId !== undefined && a.tenantId !== b.tenantId;
}

/** Both have a company domain and the domains plainly belong to different owners (contoso.com vs fabrikam.com). */
export function domainConflict(a: PreparedAccount, b: PreparedAccount): boolean {
  return a.brand !== undefined && b.brand !== undefined && a.brand !== b.brand;
}

/** Same company domain (never a mailbox provider's). */
export function sameDomain(a: PreparedAccount, b: PreparedAccount): boolean {
  return a.matchDomain !== undefined && a.matchDomain === b.matchDomain;
}

/** Same normalised name, and the name can identify a company. */
export function sameName(a: PreparedAccount, b: PreparedAccount): boolean {
  return !a.norm.generic && !b.norm.generic && a.norm.key === b.norm.key;
}
