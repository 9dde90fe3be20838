import type { FastifyInstance } from 'fastify';

/** API Platform's value (wire format): revalidate every time, and never in a shared cache. */
const PRIVATE_CACHE_CONTROL = 'no-cache, private';

/**
 * A response to a request that carries credentials is the caller's alone: no shared cache (a
 * proxy, a CDN) may store it and serve it to someone else. Applies to errors too (a 401/403 says
 * something about the key it was sent with). A response already marked `no-store` (the token
 * endpoint's, RFC 6749 section 5.1) keeps it: stored nowhere is stricter still.
 */
export function keepAuthenticatedResponsesPrivate(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const stricter = String(reply.getHeader('cache-control') ?? '').includes('no-store');
    if ((request.headers.authorization !== undefined || request.partner !== undefined) && !stricter) {
      void reply.header('cache-control', PRIVATE_CACHE_CONTROL);
    }
    done(null, payload);
  });
}
