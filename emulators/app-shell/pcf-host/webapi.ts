/// <reference types="powerapps-component-framework" />
/**
 * `context.webAPI` for the local PCF host, over the same-origin Web API (`/api/data/v9.2`, which the
 * app shell's or the test's proxy forwards to the Dataverse emulator with a bearer token). Behaves as
 * Xrm.WebApi does on the wire: formatted values and lookup annotations are requested, updates are
 * update-only (If-Match: *), and a failure rejects with `{ errorCode, message }` where errorCode is
 * Dataverse's code as a signed 32-bit number (0x80060892 -> -2147088238), as the platform gives it.
 */
import { tableByLogicalName } from '../../../solution/schema';

export class HostWebApiError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const ANNOTATIONS = 'odata.include-annotations="*"';

export function entitySetOf(entityLogicalName: string): string {
  const t = tableByLogicalName(entityLogicalName);
  if (!t)
    throw new HostWebApiError(
      -2147220969,
      `Entity '${entityLogicalName}' is not known to this host.`,
      '0x80040217',
      404,
    );
  return t.entitySetName;
}

export class HostWebApi implements ComponentFramework.WebApi {
  /** @param apiBase Same-origin Web API root, e.g. `/api/data/v9.2`. */
  constructor(private readonly apiBase: string) {}

  /** A nextLink from the server names the server's own origin; keep only the part after the API root. */
  sameOrigin(link: string): string {
    const marker = '/api/data/v9.2';
    const at = link.indexOf(marker);
    return at >= 0 ? `${this.apiBase}${link.slice(at + marker.length)}` : link;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const url = path.startsWith(this.apiBase) ? path : `${this.apiBase}/${path.replace(/^\//, '')}`;
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await toError(response);
    return response;
  }

  async createRecord(
    entityType: string,
    data: ComponentFramework.WebApi.Entity,
  ): Promise<ComponentFramework.LookupValue> {
    const response = await this.request('POST', entitySetOf(entityType), data);
    const entityId = response.headers.get('OData-EntityId') ?? '';
    const id = /\(([0-9a-fA-F-]{36})\)\s*$/.exec(entityId)?.[1] ?? '';
    return { id, entityType };
  }

  async updateRecord(
    entityType: string,
    id: string,
    data: ComponentFramework.WebApi.Entity,
  ): Promise<ComponentFramework.LookupValue> {
    await this.request('PATCH', `${entitySetOf(entityType)}(${id})`, data, { 'If-Match': '*' });
    return { id, entityType };
  }

  async deleteRecord(entityType: string, id: string): Promise<ComponentFramework.LookupValue> {
    await this.request('DELETE', `${entitySetOf(entityType)}(${id})`);
    return { id, entityType };
  }

  async retrieveRecord(entityType: string, id: string, options?: string): Promise<ComponentFramework.WebApi.Entity> {
    const response = await this.request('GET', `${entitySetOf(entityType)}(${id})${options ?? ''}`, undefined, {
      Prefer: ANNOTATIONS,
    });
    return (await response.json()) as ComponentFramework.WebApi.Entity;
  }

  async retrieveMultipleRecords(
    entityType: string,
    options?: string,
    maxPageSize?: number,
  ): Promise<ComponentFramework.WebApi.RetrieveMultipleResponse> {
    const prefer = [ANNOTATIONS, ...(maxPageSize ? [`odata.maxpagesize=${maxPageSize}`] : [])].join(',');
    // As Xrm.WebApi: `options` is a query string, or a nextLink given back to read the next page.
    const path =
      options && /^https?:|^\//.test(options) ? this.sameOrigin(options) : `${entitySetOf(entityType)}${options ?? ''}`;
    const response = await this.request('GET', path, undefined, { Prefer: prefer });
    const json = (await response.json()) as { value: ComponentFramework.WebApi.Entity[]; '@odata.nextLink'?: string };
    return {
      entities: json.value,
      nextLink: json['@odata.nextLink'] ? this.sameOrigin(json['@odata.nextLink']) : (undefined as unknown as string),
    };
  }
}

async function toError(response: Response): Promise<HostWebApiError> {
  let code = '';
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? '';
    message = body.error?.message ?? message;
  } catch {
    // not JSON (a proxy error page): keep the status line
  }
  const errorCode = /^0x[0-9a-f]{8}$/i.test(code) ? parseInt(code.slice(2), 16) | 0 : 0;
  return new HostWebApiError(errorCode, message, code, response.status);
}
