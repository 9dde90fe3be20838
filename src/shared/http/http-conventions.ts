import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BODY_TYPES, isAcceptable, JSON_LD, JSON_LD_CONTENT_TYPE, mediaTypeOf, MERGE_PATCH } from './media-types.js';
import { lowercaseIds } from './canonical-ids.js';
import { ProblemException } from './problem.exception.js';
import { isApiUrl, routedPath } from './request-path.js';
import { sendProblem } from './send-problem.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const MAX_JSON_DEPTH = 32;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Wire-format rules that hold for every /api route, applied once as Fastify hooks instead of per
 * controller: content negotiation (406), body media types (415), JSON-LD response type, and
 * prototype-pollution-safe JSON parsing for every JSON media type we accept.
 */
export function applyHttpConventions(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('remove', 'remove');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    ['application/json', JSON_LD, MERGE_PATCH],
    { parseAs: 'buffer' },
    (request, raw: Buffer, done) => {
      // Decoded strictly: invalid UTF-8 is refused, never stored as U+FFFD.
      let body: string;
      try {
        body = STRICT_UTF8.decode(raw);
      } catch {
        return done(ProblemException.of(400, 'The request body is not valid UTF-8.'), undefined);
      }
      parseJson(request, body, (error, value) => {
        if (error) return done(error, undefined);
        // Deeply nested input would exhaust the stack of every recursive walker behind the parser
        // (validation, transformation, serialization): refused here, before any of them runs.
        if (exceedsDepth(value, MAX_JSON_DEPTH)) {
          return done(
            ProblemException.of(400, `The JSON body is nested too deeply: at most ${MAX_JSON_DEPTH} levels.`),
            undefined,
          );
        }
        done(null, value);
      });
    },
  );

  lowercaseIds(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    // Every answer varies with Accept, refusals and unknown routes included.
    void reply.header('vary', 'Accept');
    // An unknown route is a 404 whatever the headers say (applyRouteSemantics answers it). The
    // routed path, not the raw target: an absolute-form target (`http://host/api/...`) is an API call too.
    if (request.routeOptions.url === undefined || !isApiUrl(routedPath(request))) return done();
    const refusal = refuse(request);
    if (refusal) return sendProblem(request, reply, refusal);
    void reply.header('content-type', JSON_LD_CONTENT_TYPE);
    done();
  });

  fastify.addHook('onSend', (_request: FastifyRequest, reply: FastifyReply, payload, done) => {
    if (reply.statusCode === 204) reply.removeHeader('content-type');
    done(null, payload);
  });
}

function refuse(request: FastifyRequest): { status: number; detail: string } | undefined {
  const produces = (request.routeOptions.config as { produces?: readonly string[] }).produces ?? [];
  if (!isAcceptable(request.headers.accept, produces)) {
    const supported = [JSON_LD, 'application/json', ...produces].map((type) => `"${type}"`).join(', ');
    return {
      status: 406,
      detail: `Requested format "${request.headers.accept}" is not supported. Supported MIME types are ${supported}.`,
    };
  }
  if (!BODY_METHODS.has(request.method) || !hasBody(request)) return undefined;
  const type = mediaTypeOf(request.headers['content-type']);
  const allowed: readonly string[] = request.method === 'PATCH' ? [MERGE_PATCH] : BODY_TYPES;
  if (type && allowed.includes(type)) return undefined;
  const supported = allowed.map((t) => `"${t}"`).join(', ');
  return {
    status: 415,
    detail: type
      ? `The content-type "${type}" is not supported. Supported MIME types are ${supported}.`
      : `The request has a body but no Content-Type header. Supported MIME types are ${supported}.`,
  };
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Whether `value` nests arrays or objects deeper than `max`, checked without recursion. */
function exceedsDepth(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
