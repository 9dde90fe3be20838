import type { FastifyInstance } from 'fastify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Body properties that hold ids: `id`, `organization_id`, ... */
const ID_PROPERTY = /(^|_)id$/;

/**
 * Ids are stored and compared in lowercase. Every UUID in the path and in the query string (an
 * event feed's `after`; a filter is case-insensitive anyway), and every UUID-valued `*_id`
 * property of a JSON body, is lowercased once here, before guards, pipes and handlers see it, so
 * that an uppercase id names the same row, invalidates the same cache entry and is echoed in
 * lowercase (`@id`, `Location`, `view`). Nowhere else lowercases an id.
 */
export function lowercaseIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    for (const values of [request.params, request.query]) {
      if (values === null || typeof values !== 'object') continue;
      const named = values as Record<string, unknown>;
      for (const name in named) {
        const value = named[name];
        named[name] = Array.isArray(value) ? value.map(lowercased) : lowercased(value);
      }
    }
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
