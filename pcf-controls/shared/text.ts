/** Small text helpers shared by the controls' view models (no DOM, no platform). */

/** `format('{0} of {1}', 3, 10)` -> '3 of 10'; a missing argument leaves its placeholder. */
export function format(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) =>
    args[Number(i)] === undefined ? whole : String(args[Number(i)]),
  );
}

/**
 * Search key for client-side filtering: lower case, accents stripped, whitespace collapsed, so that
 * 'Nørgaard' is found by 'norgaard'. Computed once per row, not per keystroke.
 */
export function searchKey(...parts: readonly (string | undefined | null)[]): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/ł/gi, 'l')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a search box, normalised like `searchKey`; every word must occur in a row's key. */
export function searchTerms(text: string): string[] {
  const key = searchKey(text);
  return key ? key.split(' ') : [];
}

export function matchesAll(key: string, terms: readonly string[]): boolean {
  for (const t of terms) if (!key.includes(t)) return false;
  return true;
}

/** A score in [0,1] as a whole percentage ('87%'); undefined for no score. */
export function percent(score: number | undefined): string | undefined {
  return score === undefined || !Number.isFinite(score) ? undefined : `${Math.round(score * 100)}%`;
}
