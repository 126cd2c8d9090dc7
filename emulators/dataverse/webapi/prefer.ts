/**
 * The `Prefer` request header [C: compose-http-requests-handle-errors.md]: return=representation,
 * odata.include-annotations="...", odata.maxpagesize=N, odata.continue-on-error. Several Prefer
 * headers arrive joined by ", " (Node joins repeated headers), so everything is split the same way.
 */
import { splitTopLevel } from '../odata/query';

export interface Prefer {
  returnRepresentation: boolean;
  /** The annotation filter as sent (without quotes), e.g. "*" or "OData.Community.Display.V1.FormattedValue". */
  includeAnnotations?: string;
  maxPageSize?: number;
  continueOnError: boolean;
}

export function parsePrefer(header: string | undefined): Prefer {
  const out: Prefer = { returnRepresentation: false, continueOnError: false };
  if (!header) return out;
  for (const part of splitTopLevel(header, ',')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value =
      eq < 0
        ? ''
        : part
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1');
    if (name === 'return' && value === 'representation') out.returnRepresentation = true;
    else if (name === 'odata.include-annotations') out.includeAnnotations = value;
    else if (name === 'odata.maxpagesize' && /^\d+$/.test(value)) out.maxPageSize = Number(value);
    else if (name === 'odata.continue-on-error') out.continueOnError = value === '' || value === 'true';
  }
  return out;
}

/**
 * Whether an annotation term is included by an include-annotations filter: "*", a term, a
 * namespace wildcard ("Microsoft.Dynamics.CRM.*"), and exclusions ("-term") [C: OData 4.0 §8.2.8.4].
 */
export function wantsAnnotation(filter: string | undefined, term: string): boolean {
  if (!filter) return false;
  let included = false;
  for (const raw of filter.split(',').map((s) => s.trim())) {
    const exclude = raw.startsWith('-');
    const p = exclude ? raw.slice(1) : raw;
    const matches = p === '*' || p === term || (p.endsWith('.*') && term.startsWith(p.slice(0, -1)));
    if (matches && exclude) return false;
    if (matches) included = true;
  }
  return included;
}

export const FORMATTED_VALUE = 'OData.Community.Display.V1.FormattedValue';
export const LOOKUP_LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
export const ASSOCIATED_NAV = 'Microsoft.Dynamics.CRM.associatednavigationproperty';
