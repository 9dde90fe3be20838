import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { renderProblem } from '../http/problem.js';
import { UnitOfWork } from '../outbox/unit-of-work.js';
import type { CommitHook } from '../outbox/work.js';
import { IDEMPOTENCY_HEADER } from './idempotency.guard.js';
import type { IdempotencyStore, StoredResponse } from './idempotency.store.js';

/** Response headers that belong to the stored response; the rest are added again on every reply. */
const REPLAYED_HEADERS = ['content-type', 'location', 'content-location', 'link', 'etag'];

/**
 * Every transaction of a POST request that sends an `Idempotency-Key` runs the commit hook: once
 * IdempotencyGuard has claimed the key for the request, the hook records in that transaction that
 * the key's work committed. The route's handler is wrapped here, at the Fastify level, because the
 * hook must be in the async context the handler runs in, which a guard cannot set. Requests
 * without the header run the handler as it is.
 */
export function recordIdempotentCommits(fastify: FastifyInstance, store: IdempotencyStore): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST')) return;
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      if (request.headers[IDEMPOTENCY_HEADER] === undefined) return handler.call(this, request, reply);
      const hook: CommitHook = async (work) => {
        const claim = request.idempotencyClaim;
        if (claim) await store.markCommitted(work, claim);
      };
      return UnitOfWork.withCommitHook(hook, () => handler.call(this, request, reply));
    };
  });
}

/**
 * Stores the response of a request that holds an idempotency key before it is sent, so that a
 * retry arriving after the client got it replays it. A 5xx gives the key back instead (unless
 * the work committed). A response that carries a secret is never stored: its replay is a 409.
 */
export function storeIdempotentResponses(fastify: FastifyInstance, store: IdempotencyStore): void {
  // A callback hook, not an async one: requests without a key (nearly all) pay no promise.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const claim = request.idempotencyClaim;
    if (!claim) return done(null, payload);
    request.idempotencyClaim = undefined;
    storeResponse(store, claim, request, reply, payload).then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  });
}

async function storeResponse(
  store: IdempotencyStore,
  claim: NonNullable<FastifyRequest['idempotencyClaim']>,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  if (reply.statusCode >= 500) {
    await store.release(claim).catch(() => undefined);
    return;
  }
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  const response = claim.issuesSecret && reply.statusCode < 300 ? secretShownOnce(body) : replayable(reply, body);
  try {
    await store.complete(claim, response);
  } catch (error) {
    // The response still goes out; its work committed with the key, so a retry never runs it again.
    request.log.warn({ err: error }, 'Idempotent response not stored');
  }
}

function replayable(reply: FastifyReply, body: string | null): StoredResponse {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return { statusCode: reply.statusCode, headers, body };
}

/**
 * What a replay of a secret-issuing request answers: a 409 naming what was created, without the
 * secret, which is shown once and never stored (not even for the replay).
 */
function secretShownOnce(body: string | null): StoredResponse {
  let created: unknown;
  try {
    created = body === null ? undefined : (JSON.parse(body) as Record<string, unknown>)['@id'];
  } catch {
    created = undefined;
  }
  const what = typeof created === 'string' ? ` (${created})` : '';
  const problem = renderProblem(
    {
      status: 409,
      detail: `This request was already carried out${what}. The secret it issued (an API key, a client secret) was shown once, in its first response, and is not stored: if that response was lost, revoke the key and issue a new one, or rotate the integration's secret.`,
    },
    false,
  );
  return { statusCode: 409, headers: { ...problem.headers }, body: JSON.stringify(problem.body) };
}
