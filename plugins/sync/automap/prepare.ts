/** Accounts as automap compares them: normalised once, up front, so that every later step is a lookup. */
import { domainBrand, domainOf, isGenericMailboxDomain } from './domain';
import { NormalisedName, normaliseName, normaliseTenantId } from './normalise';

export interface PreparedAccount {
  id: string;
  /** The name as given (trimmed), for reasons. */
  name: string;
  norm: NormalisedName;
  tenantId: string | undefined;
  /** The domain as given, normalised, even when generic (for reasons). */
  domain: string | undefined;
  /** The domain when it can identify a company (not gmail.com and the like): the only one that matches. */
  matchDomain: string | undefined;
  /** The domain whose owner label can tell owners apart: `matchDomain` unless it is x.onmicrosoft.com. */
  brandDomain: string | undefined;
  /** The owner label of `brandDomain` (see `domainBrand`), computed on first use by `brandOf`. */
  brand: string | undefined;
}

export function prepareAccount(account: {
  id: string;
  name: string;
  domain?: string;
  tenantId?: string;
}): PreparedAccount {
  const name = typeof account.name === 'string' ? account.name.trim() : '';
  const domain = account.domain ? domainOf(account.domain) : undefined;
  const matchDomain = domain !== undefined && !isGenericMailboxDomain(domain) ? domain : undefined;
  // Every field set, in one order: one object shape for all accounts keeps property access fast.
  return {
    id: account.id,
    name,
    norm: normaliseName(name),
    tenantId: normaliseTenantId(account.tenantId),
    domain,
    matchDomain,
    // A tenant's x.onmicrosoft.com name is chosen once at sign-up and is often not the brand
    // ("contosoau"): it matches exactly, but its difference from a website domain proves nothing.
    brandDomain: matchDomain !== undefined && !matchDomain.endsWith('.onmicrosoft.com') ? matchDomain : undefined,
    brand: undefined,
  };
}

/** Both have a tenant id and they differ: Microsoft says these are different customers. */
export function tenantConflict(a: PreparedAccount, b: PreparedAccount): boolean {
  return a.tenantId !== undefined && b.tenantId !== undefined && a.tenantId !== b.tenantId;
}

/** Lazily: most accounts are never compared on this. */
export function brandOf(account: PreparedAccount): string | undefined {
  if (account.brand === undefined && account.brandDomain !== undefined)
    account.brand = domainBrand(account.brandDomain);
  return account.brand;
}

/** Both have a company domain and the domains plainly belong to different owners (contoso.com vs fabrikam.com). */
export function domainConflict(a: PreparedAccount, b: PreparedAccount): boolean {
  const brandA = brandOf(a);
  const brandB = brandA === undefined ? undefined : brandOf(b);
  return brandA !== undefined && brandB !== undefined && brandA !== brandB;
}

/** Same company domain (never a mailbox provider's). */
export function sameDomain(a: PreparedAccount, b: PreparedAccount): boolean {
  return a.matchDomain !== undefined && a.matchDomain === b.matchDomain;
}

/** Same normalised name, and the name can identify a company. */
export function sameName(a: PreparedAccount, b: PreparedAccount): boolean {
  return !a.norm.generic && !b.norm.generic && a.norm.key === b.norm.key;
}
