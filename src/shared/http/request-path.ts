import type { FastifyRequest } from 'fastify';

/**
 * The request's path, built from the route that matched and its (normalized) parameters, never
 * from the raw request target: an absolute-form target (`GET http://evil/api/...`) or an uppercase
 * id does not end up in an `@id`. A collection's `@id`.
 */
export function requestPath(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route === undefined) return pathOf(request.url);
  const params = request.params as Record<string, string>;
  return route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** What decisions about a request look at: the route's pattern, or for an unknown route its path. */
export function routedPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? pathOf(request.url);
}

/** The path of a request target in origin form (`/a?b`) or absolute form (`http://host/a?b`). */
export function pathOf(target: string): string {
  return originForm(target).replace(/\?.*$/s, '');
}

/** An absolute-form request target reduced to origin form: `http://host/a?b` -> `/a?b`. */
export function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (!authority) return target;
  const rest = target.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * Scheme and host the client used, for the one absolute URL we send: the `Link` to the API
 * documentation (a header, answered to the client that chose the host). Bodies never carry it.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Whether a URL is under the API (`/api`, `/api/...`), as opposed to Swagger UI or health. */
export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}
