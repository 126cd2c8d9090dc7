/** Public types of the automap module (see index.ts for the rules). */

/** A distributor customer not yet mapped to a CRM account. */
export interface AutomapProviderAccount {
  id: string;
  name: string;
  /** The customer's domain as the distributor knows it (bare, URL or e-mail: see `domainOf`). */
  domain?: string;
  /** Microsoft Entra tenant id (GUID). */
  tenantId?: string;
}

/** A CRM (Dataverse) account that a provider account may map to. */
export interface AutomapCrmAccount {
  id: string;
  name: string;
  /** Derived by the caller from websiteurl or emailaddress1 with `domainOf`. */
  domain?: string;
  tenantId?: string;
}

export interface AutomapInput {
  providerAccounts: readonly AutomapProviderAccount[];
  crmAccounts: readonly AutomapCrmAccount[];
  /** CRM accounts already mapped within this provider: never proposed, and they stop an automatic match. */
  mappedCrmAccountIds?: ReadonlySet<string>;
}

export interface AutomapOptions {
  /** Lowest name similarity in [0,1] that still becomes a suggestion. Default `DEFAULT_SUGGEST_THRESHOLD`. */
  suggestThreshold?: number;
}

/**
 * On the benchmark's data, 0.6 keeps every right suggestion that 0.5 finds but one, and drops a sixth
 * of the suggestions made for customers that are not in the CRM at all (noise for the person mapping).
 */
export const DEFAULT_SUGGEST_THRESHOLD = 0.6;

export type AutomapDecisionKind = 'auto' | 'suggest' | 'none';

/**
 * Why a decision was made, stable for code (the grid's "accept all exact ones" uses these):
 * - auto: `same_tenant`, `same_domain`, `same_domain_and_name`, `same_name`
 * - suggest: `tenant_ambiguous`, `domain_ambiguous`, `name_ambiguous` (several CRM accounts share the
 *   evidence), `conflicting_evidence` (strong evidence points at different accounts, or the same name
 *   with a different tenant or domain), `contested` (another provider account would auto-map to the
 *   same CRM account), `generic_name` (the name is only a legal form), `match_mapped` (the best
 *   evidence points at an account already mapped; this is the next best), `similar_name`,
 *   `similar_name_tie`
 * - none: `no_match`, `no_usable_name`, `match_mapped`
 */
export type AutomapReasonCode =
  | 'same_tenant'
  | 'same_domain'
  | 'same_domain_and_name'
  | 'same_name'
  | 'tenant_ambiguous'
  | 'domain_ambiguous'
  | 'name_ambiguous'
  | 'conflicting_evidence'
  | 'contested'
  | 'generic_name'
  | 'match_mapped'
  | 'similar_name'
  | 'similar_name_tie'
  | 'no_match'
  | 'no_usable_name';

export interface AutomapDecision {
  providerAccountId: string;
  decision: AutomapDecisionKind;
  /** The CRM account mapped (auto) or proposed (suggest); absent for none. */
  crmAccountId?: string;
  /** Confidence in [0,1], three decimals: 1 for auto; for suggestions see decide.ts; for none the best similarity seen. */
  score: number;
  /** One sentence a person understands, naming the accounts and the evidence. */
  reason: string;
  reasonCode: AutomapReasonCode;
}
