import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OAuthError } from '../domain/oauth-error.js';

export const TOKEN_RESPONSE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
};

/**
 * RFC 6749 section 5.2: OAuth JSON (`error`, `error_description`), 400, or 401 with a Basic
 * challenge for `invalid_client`, whichever way the client tried to authenticate.
 */
@Catch(OAuthError)
export class OAuthErrorFilter implements ExceptionFilter {
  catch(error: OAuthError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const unauthorized = error.code === 'invalid_client';
    void reply
      .code(unauthorized ? 401 : 400)
      .headers(TOKEN_RESPONSE_HEADERS)
      .headers(unauthorized ? { 'www-authenticate': 'Basic realm="instances-api", charset="UTF-8"' } : {})
      .send(JSON.stringify({ error: error.code, error_description: error.description }));
  }
}
