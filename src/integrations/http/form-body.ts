import { errorCodes, type FastifyInstance } from 'fastify';
import { FORM_MEDIA_TYPE } from './token-request.js';

export const TOKEN_PATH = '/oauth/token';

/**
 * The token endpoint's body: `application/x-www-form-urlencoded`, parsed into URLSearchParams (so
 * that repeated parameters stay visible). On the token endpoint, any other media type reaches the
 * handler without a body, to be answered `invalid_request` in OAuth JSON as RFC 6749 wants; on
 * every other route it is refused (415) exactly as Fastify would.
 */
export function registerFormBody(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(FORM_MEDIA_TYPE, { parseAs: 'string' }, (_request, body: string, done) =>
    done(null, new URLSearchParams(body)),
  );
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (request, _body, done) => {
    if (request.url.split('?')[0] === TOKEN_PATH) return done(null, undefined);
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type'] ?? ''), undefined);
  });
}
