/**
 * `npm run -s bench -- automap --provider-accounts 10000 --crm-accounts 100000 [--seed 1] [--runs 3] --json`
 *
 * Generates a realistic CRM and distributor customer list deterministically (seeded PRNG) with a known
 * truth, times only the `automap` call (median of --runs), and checks every automatic decision
 * against the truth: `auto_wrong` must be 0. `suggest_right` counts suggestions that name a right account.
 *
 * The generator's model: each company has a true name, tenant id and domain. The CRM stores the tenant
 * for 30% and a domain for 80% (a tenth of them a mailbox domain taken from emailaddress1); the
 * distributor stores the tenant for 60% and the domain for half. Names are decorated differently on
 * each side (legal forms, case, punctuation, accents, '&'/'and'). Some provider names are changed
 * beyond normalisation (typos, an extra or a missing word), some customers are not in the CRM at all
 * (a few of them near-duplicates of CRM companies, or namesakes with another tenant), some CRM accounts
 * are duplicates of each other, some companies have a namesake, and 5% of CRM accounts are already mapped.
 */
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  automap,
  AutomapCrmAccount,
  AutomapDecision,
  AutomapProviderAccount,
  normaliseName,
} from '../../plugins/sync/automap';
import { numberOption } from './options';
import { BenchScenario, peakRssMb } from './types';

export interface GeneratedAutomapData {
  providerAccounts: AutomapProviderAccount[];
  crmAccounts: AutomapCrmAccount[];
  mappedCrmAccountIds: Set<string>;
  /** Provider account id -> the CRM account ids that are right for it (empty: none is). */
  truth: Map<string, ReadonlySet<string>>;
}

interface Company {
  base: string;
  tenantId: string;
  domain: string;
  crmIds: string[];
}

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'zen tro va lu mi kor ra bel an dor fi nex qua sol ter vi xa mon pel ri sta gan lo de ka ze tor bra ni os ul mar cel tis ven rho dy lum pra gil bo cha dri eg fen har jo kit lem mus nor pax quin rav sim tu vor wen yar zim ax bur cor dun elk fol gri hob ix jun kel'.split(
    ' ',
  );
const SURNAMES =
  "Smith Jones Nguyen Patel Brown Wilson Taylor Anderson Thomas Walker White Harris Martin Thompson Kelly Murphy O'Brien McDonald Müller García Søren Zoë Renée Núñez Björk Łukasz Chen Wang Singh Kaur Rossi Dubois Schmidt Novak Kowalski Tanaka Silva Costa Haddad Fraser".split(
    ' ',
  );
const INDUSTRIES =
  'Plumbing Electrical Dental Legal Accounting Logistics Engineering Consulting Construction Motors Pharmacy Veterinary Architects Bakery Landscaping Roofing Security Solutions Systems Technologies Media Design Properties Realty Freight Medical Physio Cleaning Catering Hospitality Marine Agriculture Finance Insurance Printing Imports Trading Cafe Studio Clinic'.split(
    ' ',
  );
const PLACES =
  'Sydney Melbourne Brisbane Perth Adelaide Hobart Darwin Auckland Wellington Christchurch Geelong Newcastle Cairns Ballarat Bendigo Townsville Coastal Northern Southern Eastern Western Pacific Harbour Riverside Summit Highland Bayside Metro Capital Coral'.split(
    ' ',
  );
const TAILS = 'Group Holdings Partners Services Australia International'.split(' ');
const CRM_SUFFIXES = [
  'Pty Ltd',
  'Pty Ltd',
  'Pty Ltd',
  'Ltd',
  'Limited',
  'Pty. Ltd.',
  'Inc.',
  'LLC',
  'GmbH',
  'AB',
  'B.V.',
  'S.A.',
  'Co.',
  'Corp',
  '',
  '',
  '',
];
const PROVIDER_SUFFIXES = [
  'PTY LTD',
  'Pty Limited',
  'P/L',
  'Ltd.',
  'Limited',
  '',
  'Pty',
  'Proprietary Limited',
  'Inc',
  'Co',
  ', Inc.',
];
const TLDS = ['.com.au', '.com.au', '.com', '.co.nz', '.co.uk', '.net.au'];
const MAILBOX_DOMAINS = ['gmail.com', 'outlook.com', 'hotmail.com', 'bigpond.com', 'yahoo.com.au', 'icloud.com'];

/** Deterministic data for a given seed; see the file comment for the model. */
export function generateAutomapData(opts: {
  providerAccounts: number;
  crmAccounts: number;
  seed: number;
}): GeneratedAutomapData {
  const rnd = seededRandom(opts.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const chance = (p: number) => rnd() < p;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const keyOf = (name: string) => normaliseName(name).key;
  const usedKeys = new Set<string>();

  const coined = () => {
    const word = Array.from({ length: chance(0.5) ? 2 : 3 }, () => pick(SYLLABLES)).join('');
    return word.charAt(0).toUpperCase() + word.slice(1);
  };
  const freshBase = (): string => {
    for (;;) {
      const r = rnd();
      const base =
        r < 0.35
          ? chance(0.6)
            ? `${coined()} ${pick(INDUSTRIES)}`
            : coined()
          : r < 0.6
            ? `${pick(SURNAMES)} ${pick(INDUSTRIES)}`
            : r < 0.75
              ? `${pick(SURNAMES)} & ${pick(SURNAMES)}${chance(0.5) ? ` ${pick(['Lawyers', 'Accountants', 'Partners'])}` : ''}`
              : r < 0.9
                ? `${pick(PLACES)} ${pick(INDUSTRIES)}`
                : `${coined()} ${pick(TAILS)}`;
      const key = keyOf(base);
      if (!usedKeys.has(key)) {
        usedKeys.add(key);
        return base;
      }
    }
  };
  const usedDomains = new Set<string>();
  const newCompany = (base: string): Company => {
    // Two companies never share a domain, namesakes included ("contoso2.com.au").
    const label =
      keyOf(base)
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 40) || 'company';
    let domain = `${label}${pick(TLDS)}`;
    for (let n = 2; usedDomains.has(domain); n++) domain = `${label}${n}${pick(TLDS)}`;
    usedDomains.add(domain);
    return { base, tenantId: guid(), domain, crmIds: [] };
  };

  // CRM: companies, a few namesakes and near-duplicate siblings, 2% duplicate records.
  const crmAccounts: AutomapCrmAccount[] = [];
  const companies: Company[] = [];
  const addCrm = (company: Company, name: string) => {
    const id = `crm-${String(crmAccounts.length + 1).padStart(6, '0')}`;
    const account: AutomapCrmAccount = { id, name };
    if (chance(0.3)) account.tenantId = company.tenantId;
    if (chance(0.8))
      account.domain = chance(0.1)
        ? pick(MAILBOX_DOMAINS)
        : chance(0.5)
          ? `https://www.${company.domain}/`
          : company.domain;
    company.crmIds.push(id);
    crmAccounts.push(account);
  };
  while (crmAccounts.length < opts.crmAccounts) {
    const r = rnd();
    const last = companies[companies.length - 1];
    let company: Company;
    if (last && r < 0.01)
      company = newCompany(last.base); // a namesake: another company with the same name
    else if (last && r < 0.04) {
      const sibling = `${last.base} ${pick(TAILS)}`;
      if (usedKeys.has(keyOf(sibling))) continue;
      usedKeys.add(keyOf(sibling));
      company = newCompany(sibling);
    } else company = newCompany(freshBase());
    companies.push(company);
    addCrm(company, crmName(company.base));
    if (chance(0.02) && crmAccounts.length < opts.crmAccounts) addCrm(company, crmName(company.base));
  }
  function crmName(base: string): string {
    const suffix = pick(CRM_SUFFIXES);
    const name = chance(0.3) ? base.replace(' & ', ' and ') : base;
    return suffix ? `${name} ${suffix}` : name;
  }

  // 5% of CRM accounts are mapped already: their companies get no provider account.
  const mappedCrmAccountIds = new Set<string>();
  for (const company of companies) if (chance(0.05)) company.crmIds.forEach((id) => mappedCrmAccountIds.add(id));

  const providerAccounts: AutomapProviderAccount[] = [];
  const truth = new Map<string, ReadonlySet<string>>();
  const addProvider = (company: Company, name: string, right: readonly string[], tenantP: number, domainP: number) => {
    const id = `TD-${String(providerAccounts.length + 1).padStart(6, '0')}`;
    const account: AutomapProviderAccount = { id, name };
    if (chance(tenantP)) account.tenantId = chance(0.5) ? company.tenantId.toUpperCase() : company.tenantId;
    if (chance(domainP))
      account.domain = chance(0.2)
        ? `${keyOf(company.base).slice(0, 10)}${company.tenantId.slice(0, 4)}.onmicrosoft.com`
        : company.domain;
    providerAccounts.push(account);
    truth.set(id, new Set(right));
  };
  const distributorName = (base: string): string => {
    let name = base;
    if (chance(0.5)) name = name.normalize('NFKD').replace(/\p{M}/gu, '');
    if (chance(0.3)) name = name.includes(' & ') ? name.replace(' & ', ' and ') : name.replace(' and ', ' & ');
    if (chance(0.05)) name = name.replace(' ', '');
    const suffix = pick(PROVIDER_SUFFIXES);
    name = suffix.startsWith(',') ? `${name}${suffix}` : suffix ? `${name} ${suffix}` : name;
    const r = rnd();
    return r < 0.4 ? name.toUpperCase() : r < 0.5 ? name.toLowerCase() : name;
  };
  const fuzzyName = (base: string): string => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const words = base.split(' ');
      const r = rnd();
      let changed: string;
      if (r < 0.4) {
        const w = words.findIndex((x) => x.length >= 5);
        if (w < 0) continue;
        const word = words[w];
        const at = 1 + Math.floor(rnd() * (word.length - 2));
        words[w] = chance(0.5)
          ? word.slice(0, at) + word.slice(at + 1)
          : word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
        changed = words.join(' ');
      } else if (r < 0.7) changed = `${base} ${pick(['Group', 'Services', 'Australia', 'Solutions', 'NZ'])}`;
      else if (words.length >= 3 && words[words.length - 2] !== '&')
        changed = words.slice(0, -1).join(' '); // "Smith" alone would be anybody's
      else continue;
      if (!usedKeys.has(keyOf(changed))) return changed;
    }
    return `${base}x`;
  };

  // Provider accounts: mostly CRM companies (some changed beyond normalisation), some new customers.
  const candidates = companies.filter((c) => !c.crmIds.some((id) => mappedCrmAccountIds.has(id)));
  const mappedCompanies = companies.filter((c) => c.crmIds.length === 1 && mappedCrmAccountIds.has(c.crmIds[0]));
  const withTenantInCrm = new Set(crmAccounts.filter((a) => a.tenantId).map((a) => a.id));
  let next = 0;
  while (providerAccounts.length < opts.providerAccounts) {
    const r = rnd();
    if (r < 0.16) {
      // A new customer: not in the CRM.
      const roll = rnd();
      const inCrm = candidates[Math.floor(rnd() * candidates.length)];
      if (roll < 0.2 && inCrm && inCrm.crmIds.length === 1 && withTenantInCrm.has(inCrm.crmIds[0])) {
        addProvider(newCompany(inCrm.base), distributorName(inCrm.base), [], 1, 0.5); // a namesake with another tenant
      } else if (roll < 0.4 && inCrm) {
        const nearDuplicate = `${inCrm.base} ${pick(TAILS)}`;
        if (usedKeys.has(keyOf(nearDuplicate))) continue;
        usedKeys.add(keyOf(nearDuplicate));
        addProvider(newCompany(nearDuplicate), distributorName(nearDuplicate), [], 0.6, 0.5);
      } else {
        const company = newCompany(freshBase());
        addProvider(company, distributorName(company.base), [], 0.6, 0.5);
        if (chance(0.05)) providerAccounts[providerAccounts.length - 1].domain = pick(MAILBOX_DOMAINS);
      }
    } else if (r < 0.17 && mappedCompanies.length > 0) {
      // Another distributor account of a company whose CRM account is mapped already: nothing is right.
      const company = pick(mappedCompanies);
      addProvider(company, distributorName(company.base), [], 0.6, 0.5);
    } else if (next < candidates.length) {
      const company = candidates[next++];
      if (r < 0.37) addProvider(company, distributorName(fuzzyName(company.base)), company.crmIds, 0.2, 0.2);
      else addProvider(company, distributorName(company.base), company.crmIds, 0.6, 0.5);
      if (chance(0.01)) addProvider(company, distributorName(company.base), company.crmIds, 0.6, 0.5); // a second account at the distributor
    } else break;
  }
  return {
    providerAccounts: providerAccounts.slice(0, opts.providerAccounts),
    crmAccounts: shuffle(crmAccounts, rnd),
    mappedCrmAccountIds,
    truth,
  };
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** How the decisions compare with the generator's truth. */
export function scoreAgainstTruth(
  decisions: readonly AutomapDecision[],
  truth: ReadonlyMap<string, ReadonlySet<string>>,
) {
  const counts = { auto: 0, suggest: 0, none: 0, auto_wrong: 0, suggest_right: 0, matchable: 0, matchable_auto: 0 };
  for (const d of decisions) {
    counts[d.decision]++;
    const right = truth.get(d.providerAccountId) ?? new Set<string>();
    const isRight = d.crmAccountId !== undefined && right.has(d.crmAccountId);
    if (right.size > 0) counts.matchable++;
    if (d.decision === 'auto' && !isRight) counts.auto_wrong++;
    if (d.decision === 'auto' && isRight) counts.matchable_auto++;
    if (d.decision === 'suggest' && isRight) counts.suggest_right++;
  }
  return counts;
}

const intOption = (args: string[], name: string, fallback: number) =>
  numberOption(args, name, fallback, { integer: true });

export const automapScenario: BenchScenario = {
  name: 'automap',
  description:
    'automap N provider accounts against M CRM accounts (median wall time of the call, correctness against the truth)',
  async run(args, log) {
    const providerCount = intOption(args, 'provider-accounts', 10_000);
    const crmCount = intOption(args, 'crm-accounts', 100_000);
    const seed = intOption(args, 'seed', 1);
    const runs = Math.max(1, intOption(args, 'runs', 3));
    const generatedAt = performance.now();
    const data = generateAutomapData({ providerAccounts: providerCount, crmAccounts: crmCount, seed });
    log(
      `generated ${data.providerAccounts.length} provider and ${data.crmAccounts.length} CRM accounts in ${Math.round(performance.now() - generatedAt)} ms`,
    );
    const runMs: number[] = [];
    const cpuMs: number[] = [];
    let decisions: AutomapDecision[] = [];
    for (let run = 0; run < runs; run++) {
      const startedAt = performance.now();
      const cpuBefore = process.cpuUsage();
      decisions = automap({
        providerAccounts: data.providerAccounts,
        crmAccounts: data.crmAccounts,
        mappedCrmAccountIds: data.mappedCrmAccountIds,
      });
      runMs.push(Math.round(performance.now() - startedAt));
      const cpu = process.cpuUsage(cpuBefore);
      // CPU time of this process (all its threads, the garbage collector's included): on a machine
      // shared with other work, wall time grows with the load and this does not.
      cpuMs.push(Math.round((cpu.user + cpu.system) / 1000));
      log(`run ${run + 1}: ${runMs[run]} ms wall, ${cpuMs[run]} ms CPU`);
    }
    log(`load average while measuring: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
    const counts = scoreAgainstTruth(decisions, data.truth);
    log(
      `decisions: ${counts.auto} auto (${counts.auto_wrong} wrong), ${counts.suggest} suggest (${counts.suggest_right} right), ${counts.none} none; ` +
        `${counts.matchable} provider accounts have a right CRM account, ${counts.matchable_auto} of them mapped automatically`,
    );
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return {
      provider_accounts: data.providerAccounts.length,
      crm_accounts: data.crmAccounts.length,
      wall_ms: median(runMs),
      peak_rss_mb: peakRssMb(),
      cpu_ms: median(cpuMs),
      load_average: Number(os.loadavg()[0].toFixed(2)),
      ...counts,
      runs_ms: runMs,
    };
  },
};
