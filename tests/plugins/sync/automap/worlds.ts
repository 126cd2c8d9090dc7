/**
 * Small adversarial worlds for property tests: companies whose names are near-duplicates of each
 * other ("Contoso" / "Contoso Group" / "Kontoso", "Smith & Sons" / "Smith Sons", accents, names that
 * are only a legal form, empty names), decorated differently in the CRM and at the distributor, with
 * duplicates, namesakes, mailbox domains and mapped accounts. The truth is known by construction.
 *
 * Where two companies share a name (namesakes), every record of both carries its tenant id: with
 * nothing but the name, no one could tell them apart, and automap's rules say so (same name, one CRM
 * account: map).
 */
import type { AutomapCrmAccount, AutomapProviderAccount } from '../../../../plugins/sync/automap';
import { seededRandom } from '../../../../scripts/bench/automap';

/** Company names, pairwise different once normalised, many of them close to another. */
export const BASES: readonly string[] = [
  'Contoso',
  'Contoso Group',
  'Contoso Holdings',
  'Contoso Australia',
  'Kontoso',
  'Contoso 2',
  'Smith & Sons',
  'Smith Sons',
  'Smith and Daughters',
  'Smiths',
  'Müller',
  'Muller Bros',
  'Mueller',
  'Café Nero',
  'Cafe Neros',
  "O'Brien",
  'OBrien Partners',
  'AB',
  'Co',
  'Ltd',
  'X',
  'Pty Ltd',
  'The Company',
  '',
  'A.B.C.',
  'ABC Group',
  'ABCD',
  'HP',
  'HPE',
  '3M',
  'Fabrikam',
  'Northwind Traders',
  'Northwind Trading',
  'Société Générale',
  'Societe Generale Bank',
  'Zoë Design',
  'Zoe Designs',
  'Ørsted',
  'Orsted Wind',
];

const SUFFIXES = [
  '',
  '',
  ' Ltd',
  ' Pty Ltd',
  ' PTY. LTD.',
  ' Limited',
  ' Inc.',
  ', Inc.',
  ' LLC',
  ' GmbH',
  ' AB',
  ' B.V.',
  ' S.A.',
  ' & Co',
  ' Co.',
  ' Corp',
  ' P/L',
];
const MAILBOXES = ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'bigpond.com'];

export interface World {
  providerAccounts: AutomapProviderAccount[];
  crmAccounts: AutomapCrmAccount[];
  mapped: Set<string>;
  /** Provider account id -> CRM account ids that are right for it (unmapped ones of its company). */
  truth: Map<string, Set<string>>;
}

export function makeWorld(seed: number): World {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const chance = (p: number) => rnd() < p;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');

  const companyCount = 3 + Math.floor(rnd() * 8);
  const companies = Array.from({ length: companyCount }, (_, i) => ({
    base: pick(BASES),
    tenantId: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    domain: `company${i}-${seed}.com`,
    crmIds: [] as string[],
    namesake: false,
  }));
  for (const c of companies) c.namesake = companies.some((o) => o !== c && o.base === c.base);

  const decorate = (base: string): string => {
    if (base === '') return chance(0.5) ? '' : '  ';
    let name = base;
    if (chance(0.4)) name = name.normalize('NFKD').replace(/\p{M}/gu, '');
    if (chance(0.3)) name = name.includes(' & ') ? name.replace(' & ', ' and ') : name.replace(' and ', ' & ');
    if (chance(0.2)) name = name.replace(/ /g, '  ');
    name += pick(SUFFIXES);
    const r = rnd();
    return r < 0.3 ? name.toUpperCase() : r < 0.4 ? name.toLowerCase() : name;
  };
  const domainFor = (company: (typeof companies)[number]): string | undefined => {
    const r = rnd();
    if (r < 0.35) return chance(0.5) ? company.domain : `https://www.${company.domain}/`;
    if (r < 0.5) return chance(0.5) ? pick(MAILBOXES) : `info@${pick(MAILBOXES)}`;
    return undefined;
  };

  const crmAccounts: AutomapCrmAccount[] = [];
  const mapped = new Set<string>();
  companies.forEach((company, i) => {
    const records = chance(0.15) ? 0 : chance(0.2) ? 2 : 1;
    for (let k = 0; k < records; k++) {
      const id = `crm-${i}-${k}`;
      const account: AutomapCrmAccount = { id, name: decorate(company.base) };
      if (company.namesake || chance(0.4)) account.tenantId = company.tenantId;
      const domain = domainFor(company);
      if (domain) account.domain = domain;
      if (chance(0.15)) mapped.add(id);
      company.crmIds.push(id);
      crmAccounts.push(account);
    }
  });

  const providerAccounts: AutomapProviderAccount[] = [];
  const truth = new Map<string, Set<string>>();
  companies.forEach((company, i) => {
    const count = chance(0.3) ? 0 : chance(0.15) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const id = `pa-${i}-${k}`;
      const account: AutomapProviderAccount = { id, name: decorate(company.base) };
      if (company.namesake || chance(0.5))
        account.tenantId = chance(0.5) ? company.tenantId.toUpperCase() : company.tenantId;
      const domain = domainFor(company);
      if (domain) account.domain = domain;
      providerAccounts.push(account);
      truth.set(id, new Set(company.crmIds.filter((crmId) => !mapped.has(crmId))));
    }
  });
  return { providerAccounts, crmAccounts, mapped, truth };
}

/** A copy in another order (Fisher-Yates with the given seed). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rnd = seededRandom(seed);
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
