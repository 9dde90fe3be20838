import type { FastifyInstance } from 'fastify';

/** API Platform's value (wire format): revalidate every time, and never in a shared cache. */
const PRIVATE_CACHE_CONTROL = 'no-cache, private';

/**
 * A response to a request that carries credentials is the caller's alone: no shared cache (a
 * proxy, a CDN) may store it and serve it to someone else. Applies to errors too (a 401/403 says
 * something about the key it was sent with).
 */
export function keepAuthenticatedResponsesPrivate(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.headers.authorization !== undefined || request.partner !== undefined) {
      void reply.header('cache-control', PRIVATE_CACHE_CONTROL);
    }
    done(null, payload);
  });
}
