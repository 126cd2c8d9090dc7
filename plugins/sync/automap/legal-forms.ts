/**
 * Legal forms that company names carry at their end ("Contoso Pty Ltd", "Volvo AB", "Siemens GmbH").
 * Automap ignores them when comparing names, because a CRM user types "Contoso Ltd" where the
 * distributor has "CONTOSO PTY. LIMITED".
 *
 * Hand-written: no maintained npm package lists company legal forms as name tokens (the ISO 20275
 * ELF code list is a spreadsheet of full forms per jurisdiction, not the abbreviations people type).
 * Keys are tokens as `normaliseName` produces them (lower case, no accents or punctuation; dotted
 * initials such as "S.A." are already merged into "sa"); values are how a person writes them, for reasons.
 */
export const LEGAL_FORM_WORDS: ReadonlyMap<string, string> = new Map([
  // English-speaking countries (AU/NZ, UK, US, SG, IN, MY)
  ['ltd', 'Ltd'],
  ['limited', 'Limited'],
  ['pty', 'Pty'],
  ['proprietary', 'Proprietary'],
  ['pl', 'P/L'],
  ['inc', 'Inc'],
  ['incorporated', 'Incorporated'],
  ['llc', 'LLC'],
  ['llp', 'LLP'],
  ['lp', 'LP'],
  ['lllp', 'LLLP'],
  ['plc', 'PLC'],
  ['corp', 'Corp'],
  ['corporation', 'Corporation'],
  ['co', 'Co'],
  ['company', 'Company'],
  ['pte', 'Pte'],
  ['pvt', 'Pvt'],
  ['sdn', 'Sdn'],
  ['bhd', 'Bhd'],
  ['nl', 'NL'],
  // German-speaking countries
  ['gmbh', 'GmbH'],
  ['mbh', 'mbH'],
  ['ag', 'AG'],
  ['kg', 'KG'],
  ['kgaa', 'KGaA'],
  ['ohg', 'OHG'],
  ['ug', 'UG'],
  // Nordic countries
  ['ab', 'AB'],
  ['oy', 'Oy'],
  ['oyj', 'Oyj'],
  ['as', 'AS'],
  ['asa', 'ASA'],
  ['aps', 'ApS'],
  // Benelux, France, Southern Europe, Latin America
  ['bv', 'BV'],
  ['nv', 'NV'],
  ['sa', 'SA'],
  ['sas', 'SAS'],
  ['sarl', 'SARL'],
  ['srl', 'SRL'],
  ['spa', 'SpA'],
  ['sl', 'SL'],
  ['cie', 'Cie'],
  // Japan
  ['kk', 'KK'],
]);

/**
 * Multi-word legal forms whose words are not all legal forms on their own ("liability", "public",
 * "private" are ordinary words elsewhere). Longest first, so that the longest phrase is removed.
 */
export const LEGAL_FORM_PHRASES: ReadonlyArray<{ tokens: readonly string[]; display: string }> = [
  { tokens: ['limited', 'liability', 'company'], display: 'Limited Liability Company' },
  { tokens: ['limited', 'liability', 'partnership'], display: 'Limited Liability Partnership' },
  { tokens: ['public', 'limited', 'company'], display: 'Public Limited Company' },
  { tokens: ['private', 'limited'], display: 'Private Limited' },
];

/** Tokens that join a legal form to the name and mean nothing once it is gone ("Smith & Co"). */
export const LEGAL_FORM_JOINERS: ReadonlySet<string> = new Set(['and']);
