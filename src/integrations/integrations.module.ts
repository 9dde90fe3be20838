import { Global, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Environment } from '../config/environment.js';
import { OrganizationsModule } from '../organizations/index.js';
import { AccessTokenVerifier } from '../shared/auth/access-token-verifier.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { OpenApiTagRegistry } from '../shared/http/openapi-tags.js';
import { AccessTokens } from './application/access-tokens.js';
import { CreateIntegrationHandler } from './application/create-integration/create-integration.handler.js';
import { GetIntegrationHandler } from './application/get-integration/get-integration.handler.js';
import { IntegrationStatusCache } from './application/integration-status-cache.js';
import { IssueAccessTokenHandler } from './application/issue-access-token/issue-access-token.handler.js';
import { ListIntegrationsHandler } from './application/list-integrations/list-integrations.handler.js';
import { OAuthSettings } from './application/oauth-settings.js';
import { RevokeIntegrationHandler } from './application/revoke-integration/revoke-integration.handler.js';
import { RotateIntegrationSecretHandler } from './application/rotate-integration-secret/rotate-integration-secret.handler.js';
import { SigningKeys } from './application/signing-keys.js';
import { IntegrationRepository } from './domain/integration.repository.js';
import { PrivateKeyCipher } from './domain/private-key-cipher.js';
import { SigningKeyStore } from './domain/signing-key.store.js';
import { registerFormBody } from './http/form-body.js';
import { INTEGRATION_PROPERTIES, IntegrationResponse } from './http/integration.responses.js';
import { IntegrationsController } from './http/integrations.controller.js';
import { OAuthController } from './http/oauth.controller.js';
import { DEVELOPMENT_KEY_ENCRYPTION_SECRET, KeyEncryption } from './infrastructure/key-encryption.js';
import { TypeOrmIntegrationRepository } from './infrastructure/typeorm-integration.repository.js';
import { TypeOrmSigningKeyStore } from './infrastructure/typeorm-signing-key.store.js';
import { INTEGRATION_ERROR_STATUSES } from './http/integration-error.statuses.js';

/**
 * Integrations: OAuth 2.0 clients of an organization, the token endpoint, its metadata and keys.
 * Global, because the authentication guard (identity module) verifies access tokens through the
 * AccessTokenVerifier port it provides.
 */
@Global()
@Module({
  imports: [OrganizationsModule],
  controllers: [IntegrationsController, OAuthController],
  providers: [
    INTEGRATION_ERROR_STATUSES,
    { provide: IntegrationRepository, useClass: TypeOrmIntegrationRepository },
    { provide: SigningKeyStore, useClass: TypeOrmSigningKeyStore },
    {
      provide: PrivateKeyCipher,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        new KeyEncryption(
          config.get('OAUTH_KEY_ENCRYPTION_SECRET', { infer: true }) ?? DEVELOPMENT_KEY_ENCRYPTION_SECRET,
        ),
    },
    { provide: AccessTokenVerifier, useExisting: AccessTokens },
    OAuthSettings,
    SigningKeys,
    AccessTokens,
    IntegrationStatusCache,
    CreateIntegrationHandler,
    ListIntegrationsHandler,
    GetIntegrationHandler,
    RevokeIntegrationHandler,
    RotateIntegrationSecretHandler,
    IssueAccessTokenHandler,
  ],
  exports: [AccessTokenVerifier],
})
export class IntegrationsModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    tags: OpenApiTagRegistry,
    private readonly adapter: HttpAdapterHost,
    private readonly keys: SigningKeys,
  ) {
    tags.register({
      name: 'Integrations',
      description: "An organization's OAuth 2.0 clients, for machine-to-machine access; owners only.",
      order: 40,
    });
  }

  onModuleInit(): void {
    this.contexts.register('Integration', INTEGRATION_PROPERTIES, IntegrationResponse);
    // Absent in an application context without HTTP (tests that boot the modules only).
    const fastify = this.adapter.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) registerFormBody(fastify);
  }

  /** A signing key exists (and decrypts with the configured secret) before the first request. */
  async onApplicationBootstrap(): Promise<void> {
    await this.keys.signingKey();
  }
}
