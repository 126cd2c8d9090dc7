/**
 * Name and tenant id normalisation for automap. Two names are "the same" when they are equal once
 * case, accents, punctuation, spaces, '&'/'and', a leading "The" and trailing legal forms are ignored:
 * "CONTOSO PTY. LTD." and "Contoso" both become `contoso`.
 *
 * Every step can be switched off (`NameSteps`) so that a reason can say which differences were
 * actually ignored ("Same name once case and 'Ltd' are ignored"), see explain.ts.
 */
import { LEGAL_FORM_JOINERS, LEGAL_FORM_PHRASES, LEGAL_FORM_WORDS } from './legal-forms';

/**
 * The longest name normalised: the rest is ignored. Company names are far shorter (Dataverse's account
 * name holds 160 characters, a provider account's 400); the bound keeps a freak value (one 50 MB name
 * took 2 GB) from costing more than a name.
 */
export const MAX_NAME_LENGTH = 1000;

export interface NameSteps {
  caseFolding: boolean;
  accents: boolean;
  ampersand: boolean;
  punctuation: boolean;
  spaces: boolean;
  legalForms: boolean;
}

export const ALL_NAME_STEPS: Readonly<NameSteps> = Object.freeze({
  caseFolding: true,
  accents: true,
  ampersand: true,
  punctuation: true,
  spaces: true,
  legalForms: true,
});

/**
 * A normalised name. Kept small on purpose: 100,000 of them live through a run, and every object
 * or array they hold costs garbage collector time (one word array, no second one for the core).
 */
export interface NormalisedName {
  /** All words once normalised, legal form included: ['smith', 'and', 'sons', 'ltd']. */
  words: readonly string[];
  /** How many leading words are left once the legal form is removed: the core name (3 above). */
  coreCount: number;
  /** The exact-match key: the core words joined without spaces ('' when there are no letters or digits). */
  key: string;
  /**
   * True when what is left cannot identify a company: the name is only a legal form ("Ltd", "AB",
   * "Pty Ltd") or is a single character. Such names never map automatically.
   */
  generic: boolean;
}

/** Letters that Unicode decomposition does not split into a base letter and a mark. */
const UNDECOMPOSABLE_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ẞ: 'SS',
  Æ: 'AE',
  Œ: 'OE',
  Ø: 'O',
  Đ: 'D',
  Ð: 'D',
  Þ: 'TH',
  Ł: 'L',
  Ħ: 'H',
  Ŧ: 'T',
};
const UNDECOMPOSABLE = /[ßæœøđðþłıħŧẞÆŒØĐÐÞŁĦŦ]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´ʼ]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const NOT_SPACE = /\S+/g;
const ASCII_ONLY = /^[\x20-\x7e]*$/;
/**
 * Initials written with dots or slashes ("A.B.C.", "S.A.", "B.V.", "P/L", "A/S") are one word, so
 * that dotted legal forms are recognised; "X B.V." stays two words ("x", "bv"), unlike spaced letters.
 */
const DOTTED_INITIALS = /(?<![\p{L}\p{N}])\p{L}(?:[./]\p{L})+[./]?(?![\p{L}\p{N}])/gu;

/**
 * Normalises a company name for exact matching; see the file comment. Pure and deterministic.
 * `removedLegalForms`, when given, receives the legal forms removed, as people write them.
 */
export function normaliseName(
  name: string,
  steps: Readonly<NameSteps> = ALL_NAME_STEPS,
  removedLegalForms?: string[],
): NormalisedName {
  let text = name.length > MAX_NAME_LENGTH ? name.slice(0, MAX_NAME_LENGTH) : name;
  if (steps.caseFolding) text = text.toLowerCase();
  let ascii = ASCII_ONLY.test(text);
  if (steps.accents && !ascii) {
    // NFKD also folds compatibility forms people paste from PDFs: ligatures (ﬁ), full-width letters.
    text = text.normalize('NFKD').replace(COMBINING_MARKS, '').replace(UNDECOMPOSABLE, replaceUndecomposable);
    ascii = ASCII_ONLY.test(text);
  }
  let words: string[];
  if (steps.punctuation) {
    // "O'Brien's" is one word; every other mark separates words ("Smith-Jones", "Pty.Ltd").
    if (text.includes('.') || text.includes('/')) text = text.replace(DOTTED_INITIALS, joinInitials);
    words = ascii ? tokeniseAscii(text, steps.ampersand) : tokeniseUnicode(text, steps.ampersand);
  } else {
    if (steps.ampersand) text = text.replace(/&/g, ' and ');
    words = text.match(NOT_SPACE) ?? [];
  }
  if (words.length > 1 && (steps.caseFolding ? words[0] : words[0].toLowerCase()) === 'the') words = words.slice(1);
  const coreCount = steps.legalForms ? coreLength(words, steps.caseFolding, removedLegalForms) : words.length;
  const separator = steps.spaces ? '' : ' ';
  // join, not +=: a flat string, where concatenation would keep a rope of pieces alive.
  const key = (coreCount === words.length ? words : words.slice(0, coreCount)).join(separator);
  return { words, coreCount, key, generic: isGeneric(words, coreCount, key, steps.caseFolding) };
}

/** The legal forms a name ends with, as people write them: ['Pty', 'Ltd'] for "Contoso Pty. Ltd.". */
export function legalFormsOf(name: string): string[] {
  const removed: string[] = [];
  normaliseName(name, ALL_NAME_STEPS, removed);
  return removed;
}

/** The core words of a normalised name (a new array: for the few places that need one). */
export function coreWords(name: NormalisedName): string[] {
  return name.words.slice(0, name.coreCount);
}

function joinInitials(initials: string): string {
  return initials.replace(/[./]/g, '');
}

function replaceUndecomposable(c: string): string {
  return UNDECOMPOSABLE_LETTERS[c];
}

function isGeneric(words: readonly string[], count: number, key: string, lowerCase: boolean): boolean {
  // One character is not a name ('X'; a surrogate pair is one character too).
  if (key.length < 2 || (key.length === 2 && key.charCodeAt(0) >= 0xd800 && key.charCodeAt(0) <= 0xdbff)) return true;
  for (let i = 0; i < count; i++) if (!isLegalFormOrJoiner(lowerCase ? words[i] : words[i].toLowerCase())) return false;
  return true;
}

/**
 * The fast path for plain ASCII names (nearly all of them): one pass over the characters. Must give
 * the same words as `tokeniseUnicode` for ASCII text (a test holds them to it).
 */
export function tokeniseAscii(text: string, ampersandIsAnd: boolean): string[] {
  const tokens: string[] = [];
  let word = '';
  let segmentStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
      if (segmentStart < 0) segmentStart = i;
      continue;
    }
    if (segmentStart >= 0) word += text.slice(segmentStart, i);
    segmentStart = -1;
    if (c === 39 || c === 96) continue; // an apostrophe or backtick joins: the word goes on without it
    if (word !== '') tokens.push(word);
    word = '';
    if (c === 38 && ampersandIsAnd) tokens.push('and');
  }
  return tokens;
}

/** Words of any text: the general path (exported, like tokeniseAscii, for the test that holds them equal). */
export function tokeniseUnicode(text: string, ampersandIsAnd: boolean): string[] {
  const spaced = ampersandIsAnd ? text.replace(/&/g, ' and ') : text;
  return spaced
    .replace(APOSTROPHES, '')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .split(' ')
    .filter((t) => t !== '');
}

function isLegalFormOrJoiner(token: string): boolean {
  return LEGAL_FORM_WORDS.has(token) || LEGAL_FORM_JOINERS.has(token) || token === 'the';
}

const PHRASE_LAST_WORDS: ReadonlySet<string> = new Set(LEGAL_FORM_PHRASES.map((p) => p.tokens[p.tokens.length - 1]));

/**
 * How many words are left once legal forms are removed from the end ("Pty Ltd", "& Co", "Limited
 * Liability Company"), always keeping the first word: a name that is only a legal form ("AB",
 * "Pty Ltd") stays as it is and is `generic`.
 */
function coreLength(words: readonly string[], lowerCase: boolean, removed: string[] | undefined): number {
  let end = words.length;
  const lower = lowerCase ? words : words.map((t) => t.toLowerCase());
  let removedAny = false;
  const firstRemoved = removed?.length ?? 0;
  for (;;) {
    const last = lower[end - 1];
    const phrase = PHRASE_LAST_WORDS.has(last) ? phraseEndingAt(lower, end) : undefined;
    if (phrase) {
      removed?.splice(firstRemoved, 0, phrase.display);
      end -= phrase.tokens.length;
      removedAny = true;
    } else if (end > 1 && LEGAL_FORM_WORDS.has(last)) {
      removed?.splice(firstRemoved, 0, LEGAL_FORM_WORDS.get(last) as string);
      end -= 1;
      removedAny = true;
    } else if (end > 1 && removedAny && LEGAL_FORM_JOINERS.has(last)) {
      end -= 1; // the "&" of "Smith & Co"
    } else {
      return end;
    }
  }
}

function phraseEndingAt(lower: readonly string[], end: number): (typeof LEGAL_FORM_PHRASES)[number] | undefined {
  for (const phrase of LEGAL_FORM_PHRASES) {
    const n = phrase.tokens.length;
    if (end <= n) continue;
    let matches = true;
    for (let j = 0; j < n && matches; j++) matches = lower[end - n + j] === phrase.tokens[j];
    if (matches) return phrase;
  }
  return undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * A Microsoft tenant id in canonical form (lower case, dashed, no braces), or undefined when the
 * value is empty, not a GUID, or the nil GUID (some exports write it for "unknown").
 */
export function normaliseTenantId(tenantId: string | undefined): string | undefined {
  if (tenantId === undefined || tenantId === '') return undefined;
  if (tenantId.length === 36 && GUID_ANY_CASE.test(tenantId)) {
    const lower = tenantId.toLowerCase(); // the usual form: no trimming or braces to deal with
    return lower === NIL_GUID ? undefined : lower;
  }
  let text = tenantId
    .trim()
    .toLowerCase()
    .replace(/^\{(.*)\}$/, '$1');
  if (/^[0-9a-f]{32}$/.test(text)) {
    text = `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
  if (!GUID.test(text) || text === NIL_GUID) return undefined;
  return text;
}
