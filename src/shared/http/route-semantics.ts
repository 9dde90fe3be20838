import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Router from 'find-my-way';
import { JSON_LD, MERGE_PATCH } from './media-types.js';
import { isApiUrl, pathOf, requestOrigin, routedPath } from './request-path.js';
import { sendProblem } from './send-problem.js';

const HYDRA_API_DOCUMENTATION = 'http://www.w3.org/ns/hydra/core#apiDocumentation';
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * What API Platform tells a client about the routes themselves, from the routes the application
 * registers (so every new module's routes get it for free):
 * - a known path asked with a method it does not serve: 405 with `Allow`, as a problem document;
 *   an unknown path: 404 in our words (never the framework's "Cannot GET ...");
 * - on successful answers, the LDP headers: `Allow`, `Accept-Post` where POST is served,
 *   `Accept-Patch` where PATCH is;
 * - on every /api answer, errors included, the `Link` to the Hydra API documentation.
 * Call before the routes are registered (it listens to `onRoute`).
 */
export function applyRouteSemantics(fastify: FastifyInstance): void {
  const methodsByRoute = new Map<string, Set<string>>();
  const router = Router();
  fastify.addHook('onRoute', (route) => {
    // Catch-alls (CORS preflight's `OPTIONS *`) name no resource: they would make every path known.
    if (route.url.includes('*')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const shape = shapeOf(route.url);
    let known = methodsByRoute.get(shape);
    if (!known) {
      known = new Set();
      methodsByRoute.set(shape, known);
      router.on('GET', shape, () => undefined, shape);
    }
    for (const method of methods) known.add(method.toUpperCase());
    if (known.has('GET')) known.add('HEAD');
  });
  const allowOf = (route: string): string | undefined => {
    const methods = methodsByRoute.get(shapeOf(route));
    return methods && METHOD_ORDER.filter((method) => methods.has(method)).join(', ');
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url !== undefined) return done();
    const match = router.find('GET', pathOf(request.url));
    if (match) {
      const allow = allowOf(match.store as string) as string;
      void reply.header('allow', allow);
      return sendProblem(request, reply, {
        status: 405,
        detail: `The method ${request.method} is not allowed here. Allowed methods: ${allow}.`,
      });
    }
    sendProblem(request, reply, { status: 404, detail: 'No resource of this API has this URL.' });
  });

  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload, done) => {
    const route = request.routeOptions.url;
    const api = isApiUrl(routedPath(request));
    if (api && route !== undefined && reply.statusCode < 400) {
      const allow = allowOf(route);
      if (allow) {
        void reply.header('allow', allow);
        if (allow.includes('POST')) void reply.header('accept-post', JSON_LD);
        if (allow.includes('PATCH')) void reply.header('accept-patch', MERGE_PATCH);
      }
    }
    const existing = reply.getHeader('link');
    // A replayed idempotent response already carries it (its stored `Link`).
    if (api && !String(existing ?? '').includes(HYDRA_API_DOCUMENTATION)) {
      // Absolute, as the contract and API Platform send it: Hydra clients (api-doc-parser, API
      // Platform Admin on another origin) fetch it as it is. Only this header names the host.
      const documentation = `<${requestOrigin(request)}/api/docs.jsonld>; rel="${HYDRA_API_DOCUMENTATION}"`;
      void reply.header('link', existing ? `${documentation}, ${String(existing)}` : documentation);
    }
    done(null, payload);
  });
}

/** One key for one path shape, whatever its parameters are called. */
function shapeOf(url: string): string {
  return url.replace(/:[^/]+/g, ':p');
}
