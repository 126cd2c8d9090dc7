/**
 * OData query text for `context.webAPI.retrieveMultipleRecords`. The platform appends the options
 * string to the request URL as given, so values must be URL-encoded here, after OData's own escaping
 * (a single quote inside a string literal is written twice: 'O''Brien').
 */

/** OData string literal body: quotes doubled. */
export function escapeODataString(value: string): string {
  return value.replace(/'/g, "''");
}

/** `'O''Brien'` ready to put in a $filter (still to be URL-encoded with the rest of the filter). */
export function odataString(value: string): string {
  return `'${escapeODataString(value)}'`;
}

/**
 * `contains(a,'x') or contains(b,'x')` for what a person typed: trimmed, whitespace collapsed, and
 * at most `maxLength` characters (a pasted paragraph is not a search). Empty text gives ''.
 */
export function containsAnyFilter(columns: readonly string[], text: string, maxLength = 100): string {
  const term = text.trim().replace(/\s+/g, ' ').slice(0, maxLength);
  if (!term || columns.length === 0) return '';
  const parts = columns.map((c) => `contains(${c},${odataString(term)})`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`;
}

export interface QueryOptions {
  readonly select?: readonly string[];
  readonly filter?: string;
  readonly orderBy?: string;
  readonly top?: number;
}

/** `?$select=a,b&$filter=...&$orderby=...&$top=n`, each value URL-encoded. */
export function queryString(options: QueryOptions): string {
  const parts: string[] = [];
  if (options.select?.length) parts.push(`$select=${options.select.join(',')}`);
  if (options.filter) parts.push(`$filter=${encodeURIComponent(options.filter)}`);
  if (options.orderBy) parts.push(`$orderby=${encodeURIComponent(options.orderBy)}`);
  if (options.top !== undefined) parts.push(`$top=${Math.max(1, Math.floor(options.top))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** `/accounts(<guid>)`: the value of an `@odata.bind`. */
export function bindPath(entitySetName: string, id: string): string {
  return `/${entitySetName}(${normaliseGuid(id)})`;
}

/** Lower case without braces: dataset ids, lookup ids and Web API ids compare equal. */
export function normaliseGuid(id: string): string {
  return id.replace(/[{}]/g, '').toLowerCase();
}
