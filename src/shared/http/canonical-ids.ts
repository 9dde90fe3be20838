import type { FastifyInstance } from 'fastify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Body properties that hold ids: `id`, `organization_id`, ... */
const ID_PROPERTY = /(^|_)id$/;

/**
 * Ids are stored and compared in lowercase. Every UUID in the path, and every UUID-valued `*_id`
 * property of a JSON body, is lowercased once here, before guards, pipes and handlers see it, so
 * that an uppercase id names the same row, invalidates the same cache entry and is echoed in
 * lowercase (`@id`, `Location`).
 */
export function lowercaseIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const params = request.params as Record<string, unknown> | undefined;
    if (params) for (const name in params) params[name] = lowercased(params[name]);
    done();
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const body = request.body;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const properties = body as Record<string, unknown>;
      for (const name of Object.keys(properties)) {
        if (ID_PROPERTY.test(name)) properties[name] = lowercased(properties[name]);
      }
    }
    done();
  });
}

function lowercased(value: unknown): unknown {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : value;
}
