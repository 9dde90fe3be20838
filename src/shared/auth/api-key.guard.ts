import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier, looksLikeAccessToken } from './access-token-verifier.js';
import { FailedAuthentications } from './failed-authentications.js';
import { PartnerAuthenticator } from './partner-authenticator.js';
import { IS_PUBLIC } from './public.decorator.js';
import { enforceScopes } from './scope.guard.js';
import { bearerToken } from '../http/bearer-token.js';
import { invalidToken, unauthorized } from './unauthorized.js';

/**
 * Global guard: every route needs a partner API key or an integration's access token unless it is
 * marked @Public(); then the credential's scopes must cover the operation's (enforceScopes). A
 * failed authentication of either kind counts against the client address (FailedAuthentications).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: PartnerAuthenticator,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly failures: FailedAuthentications,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized('An API key is required: send it as "Authorization: Bearer <key>".');
    this.failures.refuseIfExhausted(request.ip);
    if (looksLikeAccessToken(token)) {
      const verified = await this.accessTokens.verify(token);
      if ('invalid' in verified) {
        this.failures.record(request.ip);
        throw invalidToken(verified.invalid);
      }
      request.integration = verified.caller;
      request.grantedScopes = verified.scopes;
    } else {
      const partner = await this.authenticator.authenticate(token);
      if (!partner) {
        this.failures.record(request.ip);
        throw unauthorized('The API key is invalid, expired or has been revoked.');
      }
      request.partner = partner;
      request.grantedScopes = partner.scopes;
    }
    enforceScopes(this.reflector, context, request);
    return true;
  }
}
