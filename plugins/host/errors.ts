/**
 * Every error the service's HTTP server answers, in one format, `{ error: { code, message } }`, with
 * our codes: fastify's own refusals (bad or empty JSON, 413, 415, unknown routes) and Node's (a request
 * or headers too slow, headers too large, a garbled request line) included, so a caller never has to
 * know fastify's FST_ERR_* codes. A body the webhook cannot parse is WEBHOOK_MALFORMED_BODY, as a body
 * that parses but is not a RemoteExecutionContext is.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../shared/logger';
import { WebhookErrorCodes } from './webhook';

export const HostErrorCodes = {
  Invalid: 'HTTP_REQUEST_INVALID',
  TooLarge: 'HTTP_REQUEST_TOO_LARGE',
  MediaType: 'HTTP_REQUEST_MEDIA_TYPE',
  Timeout: 'HTTP_REQUEST_TIMEOUT',
  HeadersTooLarge: 'HTTP_REQUEST_HEADERS_TOO_LARGE',
  NotFound: 'HTTP_ROUTE_NOT_FOUND',
  ServerError: 'HTTP_SERVER_ERROR',
} as const;

export const HostMessages = {
  badJson: 'The body is not valid JSON.',
  emptyJson: 'The body is empty; a JSON body is expected.',
  tooLarge: (limitInBytes: number) => `The body is larger than ${Math.round(limitInBytes / 1024)} KB.`,
  mediaType: (type: string | undefined) =>
    `Content-Type ${type ? `'${type}'` : '(none)'} is not accepted here; send application/json.`,
  invalid: 'The request is not valid.',
  timeout: 'The request did not arrive in time.',
  headersTooLarge: 'The request headers are too large.',
  notFound: (method: string, url: string) => `There is no ${method} ${url.split('?')[0].slice(0, 200)} here.`,
  serverError: 'The service could not answer this request; the log says why.',
} as const;

const BAD_JSON_CODES = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_INVALID_CONTENT_LENGTH']);

function isWebhook(req: FastifyRequest): boolean {
  return req.url.startsWith('/webhooks/') || /^\/api\/environments\/[^/]+\/webhooks\//.test(req.url);
}

/** Our code, status and message for what a route or fastify threw. */
function answerFor(err: FastifyError, req: FastifyRequest): { status: number; code: string; message: string } {
  const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
  // secure-json-parse throws a SyntaxError (status 400) for a body that is not JSON, and for __proto__.
  const badJson = BAD_JSON_CODES.has(err.code) || (status === 400 && err instanceof SyntaxError);
  const emptyJson = err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
  if (badJson || emptyJson) {
    const message = emptyJson ? HostMessages.emptyJson : HostMessages.badJson;
    return { status: 400, code: isWebhook(req) ? WebhookErrorCodes.Malformed : HostErrorCodes.Invalid, message };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, code: HostErrorCodes.TooLarge, message: HostMessages.tooLarge(req.routeOptions.bodyLimit) };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status: 415,
      code: HostErrorCodes.MediaType,
      message: HostMessages.mediaType(req.headers['content-type']),
    };
  if (status < 500) return { status, code: HostErrorCodes.Invalid, message: HostMessages.invalid };
  return { status: 500, code: HostErrorCodes.ServerError, message: HostMessages.serverError };
}

/**
 * Node's refusals before fastify sees a request (fastify's clientErrorHandler), written on the socket
 * as Node would write them, in our format.
 */
export function clientErrorAnswer(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, HostErrorCodes.Timeout, HostMessages.timeout]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, HostErrorCodes.HeadersTooLarge, HostMessages.headersTooLarge]
        : [400, HostErrorCodes.Invalid, HostMessages.invalid];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function installErrorAnswers(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const answer = answerFor(err, req);
    if (answer.status >= 500) logger.error({ err, url: req.url }, 'request failed');
    return reply.code(answer.status).send({ error: { code: answer.code, message: answer.message } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      error: { code: HostErrorCodes.NotFound, message: HostMessages.notFound(req.method, req.url) },
    }),
  );
}
