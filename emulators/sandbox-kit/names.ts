/**
 * Realistic company names for the sandboxes: legal suffixes by country, punctuation (O'Brien & Sons,
 * Smith-Jones), accents (Müller GmbH, Café Société SA), and the near-duplicates that make account
 * mapping hard in real life ("Contoso Ltd" next to "Contoso Limited", "MÜLLER GMBH" next to "Müller
 * GmbH"). All choices come from the SeededRandom passed in.
 */
import type { SeededRandom } from './prng';

export interface CountryProfile {
  code: string;
  suffixes: ReadonlyArray<readonly [string, number]>;
  stems: readonly string[];
  tld: string;
  cities: readonly string[];
  phonePrefix: string;
  weight: number;
}

/** Microsoft's sample company names: partners' demo tenants are full of them. */
const SAMPLE_STEMS = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Adventure Works',
  'Tailspin',
  'Woodgrove',
  'Litware',
  'Proseware',
  'Fourth Coffee',
  'Alpine Ski House',
  'Coho',
  'Lucerne',
  'Wingtip',
  'Trey Research',
  'Relecloud',
  'VanArsdel',
  'Wide World',
  'Blue Yonder',
  'Humongous',
  "Margie's",
  'Southridge',
  'Tailwind',
  'Bellows',
  'Datum',
  'Graphic Design',
];

const COMMON_STEMS = [
  'Smith',
  "O'Brien",
  'MacDonald',
  'Fitzgerald',
  "D'Angelo",
  'Patel',
  'Nguyen',
  'Kowalski',
  'Harrington',
  'Whitfield',
  'Ashworth',
  'Blackwood',
  'Carrington',
  'Pemberton',
  'Harbour',
  'Riverside',
  'Highland',
  'Northern',
  'Coastal',
  'Summit',
  'Evergreen',
  'Redwood',
  'Silverline',
  'Oakridge',
  'Bluewater',
  'Granite',
  'Keystone',
  'Meridian',
  'Horizon',
  'Pinnacle',
  'Sterling',
  'Beacon',
  'Cornerstone',
  'Lakeside',
  'Westbrook',
  'Eastgate',
  'Kingsway',
  'Crown',
  'Phoenix',
  'Atlas',
  'Orion',
  'Juniper',
  'Hawthorn',
  'Willow',
  'Maple',
  'Cedar',
  'Falcon',
  'Osprey',
  'Kestrel',
  'Harper',
];

const INDUSTRIES = [
  'Consulting',
  'Engineering',
  'Logistics',
  'Dental Practice',
  'Accountants',
  'Legal',
  'Construction',
  'Bakery',
  'Motors',
  'Financial Services',
  'Architects',
  'Veterinary Clinic',
  'Pharmacy',
  'Solutions',
  'Technologies',
  'Holdings',
  'Partners',
  'Trading',
  'Foods',
  'Medical Group',
  'Property',
  'Freight',
  'Studios',
  'Analytics',
  'Plumbing & Heating',
  'Marketing',
  'Insurance Brokers',
  'Recruitment',
  'Hotels',
  'Print',
  'Security',
  'Energy',
  'Wines',
  'Dairy',
  'Electrical',
  'Surveyors',
];

export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: 'GB',
    weight: 24,
    tld: 'co.uk',
    phonePrefix: '+44 20',
    cities: ['London', 'Leeds', 'Bristol', 'Manchester', 'Glasgow'],
    stems: ['Thames', 'Pennine', 'Cotswold', 'Albion'],
    suffixes: [
      ['Ltd', 6],
      ['Limited', 4],
      ['PLC', 1],
      ['LLP', 1],
    ],
  },
  {
    code: 'US',
    weight: 22,
    tld: 'com',
    phonePrefix: '+1 206',
    cities: ['Seattle', 'Austin', 'Denver', 'Boston', 'Chicago'],
    stems: ['Pacific', 'Liberty', 'Lone Star', 'Great Lakes'],
    suffixes: [
      ['Inc', 5],
      ['Inc.', 2],
      ['LLC', 4],
      ['Corp', 2],
      ['Corporation', 1],
      ['Co', 1],
    ],
  },
  {
    code: 'IE',
    weight: 3,
    tld: 'ie',
    phonePrefix: '+353 1',
    cities: ['Dublin', 'Cork', 'Galway'],
    stems: ["O'Sullivan", 'Ó Briain', 'Liffey', 'Shannon'],
    suffixes: [
      ['Ltd', 3],
      ['Limited', 1],
      ['DAC', 1],
    ],
  },
  {
    code: 'AU',
    weight: 12,
    tld: 'com.au',
    phonePrefix: '+61 2',
    cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth'],
    stems: ['Southern Cross', 'Outback', 'Coral Coast', 'Wattle'],
    suffixes: [
      ['Pty Ltd', 6],
      ['Pty. Ltd.', 2],
      ['Pty Limited', 1],
    ],
  },
  {
    code: 'NZ',
    weight: 4,
    tld: 'co.nz',
    phonePrefix: '+64 9',
    cities: ['Auckland', 'Wellington', 'Christchurch'],
    stems: ['Kiwi', 'Aotearoa', 'Tasman'],
    suffixes: [
      ['Limited', 3],
      ['Ltd', 2],
    ],
  },
  {
    code: 'DE',
    weight: 12,
    tld: 'de',
    phonePrefix: '+49 89',
    cities: ['München', 'Köln', 'Düsseldorf', 'Hamburg', 'Nürnberg'],
    stems: ['Müller', 'Schröder', 'Köhler', 'Weiß', 'Groß', 'Bäcker', 'Jäger', 'Schäfer'],
    suffixes: [
      ['GmbH', 6],
      ['AG', 1],
      ['GmbH & Co. KG', 2],
    ],
  },
  {
    code: 'SE',
    weight: 6,
    tld: 'se',
    phonePrefix: '+46 8',
    cities: ['Stockholm', 'Göteborg', 'Malmö', 'Västerås'],
    stems: ['Åkerlund', 'Sjöberg', 'Lindström', 'Öberg', 'Ängel'],
    suffixes: [['AB', 1]],
  },
  {
    code: 'NL',
    weight: 6,
    tld: 'nl',
    phonePrefix: '+31 20',
    cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven'],
    stems: ['Van der Berg', 'De Vries', 'Van Dijk', "'t Hooft"],
    suffixes: [
      ['BV', 3],
      ['B.V.', 2],
    ],
  },
  {
    code: 'FR',
    weight: 6,
    tld: 'fr',
    phonePrefix: '+33 1',
    cities: ['Paris', 'Lyon', 'Bordeaux', 'Nantes'],
    stems: ['Café Société', 'Lefèvre', 'Hélène', 'Crème Brûlée', 'Bélanger', 'Château'],
    suffixes: [
      ['SA', 3],
      ['SARL', 2],
      ['SAS', 2],
    ],
  },
  {
    code: 'CH',
    weight: 3,
    tld: 'ch',
    phonePrefix: '+41 44',
    cities: ['Zürich', 'Genève', 'Basel'],
    stems: ['Zürcher', 'Léman', 'Matterhorn'],
    suffixes: [
      ['AG', 2],
      ['SA', 2],
      ['GmbH', 1],
    ],
  },
  {
    code: 'ES',
    weight: 3,
    tld: 'es',
    phonePrefix: '+34 91',
    cities: ['Madrid', 'Barcelona', 'Sevilla'],
    stems: ['Peña', 'Muñoz', 'Ibáñez'],
    suffixes: [
      ['SL', 2],
      ['SA', 2],
    ],
  },
  {
    code: 'DK',
    weight: 2,
    tld: 'dk',
    phonePrefix: '+45 33',
    cities: ['København', 'Aarhus', 'Odense'],
    stems: ['Nørgaard', 'Søndergaard', 'Kjær'],
    suffixes: [
      ['ApS', 2],
      ['A/S', 1],
    ],
  },
];

/**
 * Names that tests and the demo can rely on for any seed: they come first, in this order, and include
 * the near-duplicate pairs automap must not confuse.
 */
export const ANCHOR_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Contoso Ltd', 'GB'],
  ['Contoso Limited', 'GB'],
  ["O'Brien & Sons Ltd", 'IE'],
  ['Müller GmbH', 'DE'],
  ['Café Société SA', 'FR'],
  ['Fabrikam, Inc.', 'US'],
  ['Fabrikam Inc', 'US'],
  ['Northwind Traders Pty Ltd', 'AU'],
  ['Åkerlund & Sjöberg AB', 'SE'],
  ['Van der Berg Logistiek BV', 'NL'],
  ['Smith and Jones LLC', 'US'],
  ['Smith & Jones LLC', 'US'],
];

export function countryByCode(code: string): CountryProfile {
  return COUNTRIES.find((c) => c.code === code) ?? { ...COUNTRIES[0], code };
}

export function pickCountry(rng: SeededRandom): CountryProfile {
  return rng.weighted(COUNTRIES.map((c) => [c, c.weight] as const));
}

function stemFor(rng: SeededRandom, country: CountryProfile): string {
  const roll = rng.float();
  if (roll < 0.15) return rng.pick(SAMPLE_STEMS);
  if (roll < 0.45) return rng.pick(country.stems);
  return rng.pick(COMMON_STEMS);
}

/** A fresh (not near-duplicate) company name in the style of `country`. */
export function companyName(rng: SeededRandom, country: CountryProfile): string {
  const stem = stemFor(rng, country);
  const suffix = rng.weighted(country.suffixes);
  const pattern = rng.int(0, 9);
  let base: string;
  if (pattern <= 3) base = `${stem} ${rng.pick(INDUSTRIES)}`;
  else if (pattern === 4) base = `${stem} & ${stemFor(rng, country)}`;
  else if (pattern === 5) base = `${stem} & Sons`;
  else if (pattern === 6) base = `${stem}-${rng.pick(COMMON_STEMS)} ${rng.pick(INDUSTRIES)}`;
  else if (pattern === 7) base = `The ${stem} ${rng.pick(INDUSTRIES)} Group`;
  else if (pattern === 8) base = `${stem} ${rng.pick(country.cities)}`;
  else
    base = `${stem} ${rng.pick(INDUSTRIES)} ${rng.pick(['Group', 'International', 'Services', 'UK', 'Europe', 'Global'])}`;
  // US style puts a comma before Inc. now and then ("Fabrikam, Inc.").
  const comma = suffix.startsWith('Inc') && rng.chance(0.3) ? ',' : '';
  return `${base}${comma} ${suffix}`;
}

const SUFFIX_TWINS: ReadonlyArray<readonly [RegExp, string]> = [
  [/ Ltd$/, ' Limited'],
  [/ Limited$/, ' Ltd'],
  [/ Pty Ltd$/, ' Pty Limited'],
  [/,? Inc\.?$/, ' Incorporated'],
  [/ LLC$/, ', LLC'],
  [/ Corp$/, ' Corporation'],
  [/ BV$/, ' B.V.'],
  [/ GmbH$/, ' G.m.b.H.'],
];

/**
 * A name a person would take for the same company, as happens when two TechData accounts exist for one
 * business: the other legal-suffix spelling, '&' for 'and', upper case, accents dropped, or an extra
 * space.
 */
export function nearDuplicateOf(rng: SeededRandom, name: string): string {
  const twins = SUFFIX_TWINS.filter(([re]) => re.test(name));
  const variants: Array<() => string> = [() => name.toUpperCase(), () => name.replace(/\s+/, '  ')];
  if (twins.length > 0)
    variants.push(() => {
      const [re, to] = twins[0];
      return name.replace(re, to);
    });
  if (name.includes(' & ')) variants.push(() => name.replace(' & ', ' and '));
  if (name.includes(' and ')) variants.push(() => name.replace(' and ', ' & '));
  if (/[^\u0020-\u007e]/.test(name)) variants.push(() => name.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  if (name.includes("'")) variants.push(() => name.replace("'", ''));
  const candidate = rng.pick(variants)();
  return candidate === name ? `${name}.` : candidate;
}

/** ASCII slug for domains: accents folded, letters and digits only. */
export function slugOf(name: string): string {
  const folded = name
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const withoutSuffix = folded.replace(
    /[,.]?\s+(ltd|limited|plc|llp|inc|llc|corp|corporation|co|pty|gmbh|ag|ab|bv|b\.v|sa|sarl|sas|sl|aps|a\/s|kg)\.?\b.*$/,
    '',
  );
  const slug = withoutSuffix.replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');
  return slug || 'company';
}

const FIRST_NAMES = [
  'Jane',
  'John',
  'Aisha',
  'Liam',
  'Sofia',
  'Mateo',
  'Chloé',
  'Jürgen',
  'Björn',
  'Siobhan',
  'Priya',
  'Wei',
  'Olivia',
  'Noah',
  'Ingrid',
  'Rhys',
];
const LAST_NAMES = [
  'Doe',
  'Smith',
  "O'Connor",
  'Müller',
  'Andersson',
  'García',
  'Nguyen',
  'Patel',
  'Kowalski',
  'Dubois',
  'Jansen',
  'Rossi',
  'Evans',
  'Ng',
];

export function contactName(rng: SeededRandom): { firstName: string; lastName: string } {
  return { firstName: rng.pick(FIRST_NAMES), lastName: rng.pick(LAST_NAMES) };
}
