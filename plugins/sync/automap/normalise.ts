/**
 * Name and tenant id normalisation for automap. Two names are "the same" when they are equal once
 * case, accents, punctuation, spaces, '&'/'and', a leading "The" and trailing legal forms are ignored:
 * "CONTOSO PTY. LTD." and "Contoso" both become `contoso`.
 *
 * Every step can be switched off (`NameSteps`) so that a reason can say which differences were
 * actually ignored ("Same name once case and 'Ltd' are ignored"), see explain.ts.
 */
import { LEGAL_FORM_JOINERS, LEGAL_FORM_PHRASES, LEGAL_FORM_WORDS } from './legal-forms';

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

export interface NormalisedName {
  /** Words of the name once it is normalised and its legal form removed: ['smith', 'and', 'sons']. */
  coreTokens: string[];
  /** The exact-match key: `coreTokens` joined without spaces ('' when the name has no letters or digits). */
  key: string;
  /** Like `key` but keeping the legal form ('smithandsonsltd'): ranks equally named candidates. */
  fullKey: string;
  /** Legal forms removed from the end, as a person writes them: ['Pty', 'Ltd']. */
  legalForms: string[];
  /**
   * True when what is left cannot identify a company: the name is only a legal form ("Ltd", "AB",
   * "Pty Ltd") or is a single character. Such names never map automatically.
   */
  generic: boolean;
}

/** Letters that Unicode decomposition does not split into a base letter and a mark. */
const UNDECOMPOSABLE_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ħ: 'h', ŧ: 't',
  ẞ: 'SS', Æ: 'AE', Œ: 'OE', Ø: 'O', Đ: 'D', Ð: 'D', Þ: 'TH', Ł: 'L', Ħ: 'H', Ŧ: 'T',
};
const UNDECOMPOSABLE = /[ßæœøđðþłıħŧẞÆŒØĐÐÞŁĦŦ]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´ʼ]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const NOT_SPACE = /\S+/g;
const ASCII_ONLY = /^[\x20-\x7e]*$/;
const SINGLE_LETTER = /^\p{L}$/u;

/** Normalises a company name for exact matching; see the file comment. Pure and deterministic. */
export function normaliseName(name: string, steps: Readonly<NameSteps> = ALL_NAME_STEPS): NormalisedName {
  let text = name;
  if (steps.caseFolding) text = text.toLowerCase();
  if (steps.accents && !ASCII_ONLY.test(text)) {
    // NFKD also folds compatibility forms people paste from PDFs: ligatures (ﬁ), full-width letters.
    text = text.normalize('NFKD').replace(COMBINING_MARKS, '').replace(UNDECOMPOSABLE, (c) => UNDECOMPOSABLE_LETTERS[c]);
  }
  if (steps.ampersand) text = text.replace(/&/g, ' and ');
  let tokens: string[];
  if (steps.punctuation) {
    // "O'Brien's" is one word; every other mark separates words ("Smith-Jones", "Pty.Ltd").
    tokens = text.replace(APOSTROPHES, '').replace(NOT_LETTER_OR_DIGIT, ' ').split(' ').filter((t) => t !== '');
    tokens = mergeSingleLetters(tokens);
  } else {
    tokens = text.match(NOT_SPACE) ?? [];
  }
  if (tokens.length > 1 && tokens[0].toLowerCase() === 'the') tokens = tokens.slice(1);
  const fullTokens = tokens;
  const legalForms: string[] = [];
  if (steps.legalForms) tokens = stripLegalForms(tokens, legalForms);
  const separator = steps.spaces ? '' : ' ';
  const key = tokens.join(separator);
  const generic = tokens.every((t) => isLegalFormOrJoiner(t.toLowerCase())) || [...key].length < 2;
  return { coreTokens: tokens, key, fullKey: fullTokens.join(separator), legalForms, generic };
}

/** "a b c" from "A.B.C." becomes "abc", so that dotted forms ("S.A.", "P/L") are recognised. */
function mergeSingleLetters(tokens: string[]): string[] {
  const merged: string[] = [];
  let run = '';
  let runLength = 0;
  const flush = () => {
    if (runLength > 0) merged.push(run);
    run = '';
    runLength = 0;
  };
  for (const token of tokens) {
    if (SINGLE_LETTER.test(token)) {
      run += token;
      runLength++;
    } else {
      flush();
      merged.push(token);
    }
  }
  flush();
  return merged;
}

function isLegalFormOrJoiner(token: string): boolean {
  return LEGAL_FORM_WORDS.has(token) || LEGAL_FORM_JOINERS.has(token) || token === 'the';
}

/**
 * Removes legal forms from the end ("Pty Ltd", "& Co", "Limited Liability Company"), always keeping
 * the first word: a name that is only a legal form ("AB", "Pty Ltd") stays as it is and is `generic`.
 */
function stripLegalForms(tokens: string[], removed: string[]): string[] {
  let end = tokens.length;
  const lower = tokens.map((t) => t.toLowerCase());
  const found: string[] = [];
  let removedAny = false;
  for (;;) {
    const phrase = LEGAL_FORM_PHRASES.find(
      (p) => end > p.tokens.length && p.tokens.every((t, i) => lower[end - p.tokens.length + i] === t),
    );
    if (phrase) {
      found.unshift(phrase.display);
      end -= phrase.tokens.length;
      removedAny = true;
    } else if (end > 1 && LEGAL_FORM_WORDS.has(lower[end - 1])) {
      found.unshift(LEGAL_FORM_WORDS.get(lower[end - 1]) ?? tokens[end - 1]);
      end -= 1;
      removedAny = true;
    } else if (end > 1 && removedAny && LEGAL_FORM_JOINERS.has(lower[end - 1])) {
      end -= 1; // the "&" of "Smith & Co"
    } else {
      break;
    }
  }
  removed.push(...found);
  return end === tokens.length ? tokens : tokens.slice(0, end);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * A Microsoft tenant id in canonical form (lower case, dashed, no braces), or undefined when the
 * value is empty, not a GUID, or the nil GUID (some exports write it for "unknown").
 */
export function normaliseTenantId(tenantId: string | undefined): string | undefined {
  if (tenantId === undefined) return undefined;
  let text = tenantId.trim().toLowerCase().replace(/^\{(.*)\}$/, '$1');
  if (/^[0-9a-f]{32}$/.test(text)) {
    text = `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
  if (!GUID.test(text) || text === NIL_GUID) return undefined;
  return text;
}
