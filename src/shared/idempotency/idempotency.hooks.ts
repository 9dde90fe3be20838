import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyStore } from './idempotency.store.js';

/** Response headers that belong to the stored response; the rest are added again on every reply. */
const REPLAYED_HEADERS = ['content-type', 'location', 'content-location', 'link', 'etag'];

/**
 * Stores the response of a request that holds an idempotency key before it is sent, so that a
 * retry arriving after the client got it replays it. A 5xx gives the key back instead.
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
  claim: { scope: string; key: string },
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  if (reply.statusCode >= 500) {
    await store.release(claim.scope, claim.key).catch(() => undefined);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  try {
    await store.complete(claim.scope, claim.key, { statusCode: reply.statusCode, headers, body });
  } catch (error) {
    // The response still goes out; the key stays "in progress" until it counts as abandoned.
    request.log.warn({ err: error }, 'Idempotent response not stored');
  }
}
