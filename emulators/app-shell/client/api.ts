/**
 * The page's Dataverse Web API client: same-origin requests to `/api/data/v9.2/`, which the shell's
 * server forwards with its own token. The browser holds no token at all.
 */
export const WEB_API_BASE = '/api/data/v9.2/';
const ANNOTATIONS = 'odata.include-annotations="*"';
export const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export type Row = Record<string, unknown>;

/** A Web API failure as Xrm reports it: a numeric error code and Dataverse's message. */
export class WebApiError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: Row | undefined;
}

export class WebApiClient {
  constructor(private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init)) {}

  async request(method: string, path: string, body?: unknown, prefer: string[] = []): Promise<ApiResponse> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'OData-Version': '4.0',
      'OData-MaxVersion': '4.0',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const preferences = [ANNOTATIONS, ...prefer];
    headers.Prefer = preferences.join(',');
    const res = await this.fetchFn(`${WEB_API_BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    const text = await res.text();
    let json: Row | undefined;
    try {
      json = text ? (JSON.parse(text) as Row) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const error = (json?.error ?? {}) as { code?: string; message?: string };
      const code = error.code && /^0x[0-9a-f]+$/i.test(error.code) ? parseInt(error.code, 16) : res.status;
      throw new WebApiError(code, error.message || `${res.status} ${res.statusText}`, res.status);
    }
    return { status: res.status, headers: res.headers, body: json };
  }

  async get(path: string, maxPageSize?: number): Promise<Row> {
    return (
      (await this.request('GET', path, undefined, maxPageSize ? [`odata.maxpagesize=${maxPageSize}`] : [])).body ?? {}
    );
  }

  /** POST; the new row's id from the OData-EntityId header. */
  async create(entitySetName: string, body: Row): Promise<string> {
    const res = await this.request('POST', entitySetName, body);
    const m = /\(([0-9a-fA-F-]{36})\)\s*$/.exec(res.headers.get('OData-EntityId') ?? '');
    if (!m) throw new WebApiError(0, 'Dataverse did not return the id of the new row.', res.status);
    return m[1].toLowerCase();
  }

  async update(entitySetName: string, id: string, body: Row): Promise<void> {
    await this.request('PATCH', `${entitySetName}(${id})`, body);
  }

  async remove(entitySetName: string, id: string): Promise<void> {
    await this.request('DELETE', `${entitySetName}(${id})`);
  }
}

/** A string literal for $filter: single quotes doubled, as OData requires. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
