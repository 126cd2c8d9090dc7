/** The emulator's own request/response values: what the HTTP server, the Web API and $batch share. */
export interface EmuRequest {
  method: string;
  /** Path without the query string, percent-decoding left to the router. */
  path: string;
  /** The raw query string without '?', kept raw because OData parses it itself. */
  rawQuery: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
