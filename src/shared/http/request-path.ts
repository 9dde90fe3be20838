import type { FastifyRequest } from 'fastify';

/** The request's path without its query string: a collection's `@id`. */
export function requestPath(request: FastifyRequest): string {
  const queryStart = request.url.indexOf('?');
  return queryStart === -1 ? request.url : request.url.slice(0, queryStart);
}
