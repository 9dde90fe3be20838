import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../shared/auth/public.decorator.js';
import { SCOPE_NAMES } from '../../shared/auth/scopes.js';
import { IssueAccessTokenCommand } from '../application/issue-access-token/issue-access-token.command.js';
import { OAuthSettings } from '../application/oauth-settings.js';
import { SIGNING_ALGORITHM, SigningKeys } from '../application/signing-keys.js';
import { TOKEN_PATH } from './form-body.js';
import { OAuthErrorFilter, TOKEN_RESPONSE_HEADERS } from './oauth-error.filter.js';
import { readTokenRequest } from './token-request.js';

/**
 * The OAuth 2.0 authorization server: the token endpoint (RFC 6749 section 4.4, client
 * credentials), its metadata (RFC 8414) and its public keys (JWKS). Protocol endpoints, described
 * by the metadata rather than the OpenAPI document (which names the token URL in its oauth2 scheme).
 */
@ApiExcludeController()
@Public()
@Controller()
export class OAuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly settings: OAuthSettings,
    private readonly keys: SigningKeys,
  ) {}

  @Post(TOKEN_PATH)
  @HttpCode(200)
  @UseFilters(OAuthErrorFilter)
  // The raw request: the global JSON body pipe would refuse a missing body as a problem document.
  async token(@Req() http: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const form = http.body instanceof URLSearchParams ? http.body : undefined;
    const request = readTokenRequest(form, http.headers.authorization);
    const issued = await this.commands.execute(
      new IssueAccessTokenCommand(request.grantType, request.clientId, request.clientSecret, request.scope),
    );
    void reply.headers(TOKEN_RESPONSE_HEADERS);
    return {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: issued.scopes.join(' '),
    };
  }

  @Get('.well-known/oauth-authorization-server')
  metadata(@Res({ passthrough: true }) reply: FastifyReply) {
    const issuer = this.settings.issuer;
    void reply.header('cache-control', 'public, max-age=300');
    return {
      issuer,
      token_endpoint: `${issuer}${TOKEN_PATH}`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: SCOPE_NAMES,
      response_types_supported: [],
      service_documentation: `${issuer}/docs`,
    };
  }

  @Get('.well-known/jwks.json')
  async jwks(@Res({ passthrough: true }) reply: FastifyReply) {
    // Short, so that a verifier caching it sees a new key soon; one that sees an unknown kid refetches.
    void reply.header('cache-control', 'public, max-age=60');
    const keys = await this.keys.publicKeys();
    return { keys: keys.map((key) => ({ ...key, alg: SIGNING_ALGORITHM, use: 'sig' })) };
  }
}
