import type { FastifyRequest } from 'fastify';

/** The request's path without its query string: a collection's `@id`. */
export function requestPath(request: FastifyRequest): string {
  const queryStart = request.url.indexOf('?');
  return queryStart === -1 ? request.url : request.url.slice(0, queryStart);
}

/** Scheme and host the client used, for the absolute IRIs of contexts and the documentation link. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Whether a URL is under the API (`/api`, `/api/...`), as opposed to Swagger UI or health. */
export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}
