import { Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminKeyGuard } from '../shared/auth/admin-key.guard.js';
import { ApiKeyGuard } from '../shared/auth/api-key.guard.js';
import { FailedAuthentications } from '../shared/auth/failed-authentications.js';
import { PartnerAuthenticator } from '../shared/auth/partner-authenticator.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { OpenApiTagRegistry } from '../shared/http/openapi-tags.js';
import { ApiKeyCache } from './application/api-key-cache.js';
import { ApiKeyUsage } from './application/api-key-usage.js';
import { ListApiKeysHandler } from './application/list-api-keys/list-api-keys.handler.js';
import { CreatePartnerHandler } from './application/create-partner/create-partner.handler.js';
import { IssueApiKeyHandler } from './application/issue-api-key/issue-api-key.handler.js';
import { ApiKeyPartnerAuthenticator } from './application/partner-authenticator.service.js';
import { RevokeApiKeyHandler } from './application/revoke-api-key/revoke-api-key.handler.js';
import { PartnerRepository } from './domain/partner.repository.js';
import { AdminPartnersController } from './http/admin-partners.controller.js';
import {
  API_KEY_PROPERTIES,
  ApiKeyIssuedResponse,
  PARTNER_PROPERTIES,
  PartnerCreatedResponse,
} from './http/partner.responses.js';
import { ApiKeyEntity } from './infrastructure/api-key.entity.js';
import { PartnerEntity } from './infrastructure/partner.entity.js';
import { TypeOrmPartnerRepository } from './infrastructure/typeorm-partner.repository.js';
import { IDENTITY_ERROR_STATUSES } from './http/identity-error.statuses.js';

/** Partners, their API keys, the operator routes, and authentication of every partner request. */
@Module({
  imports: [TypeOrmModule.forFeature([PartnerEntity, ApiKeyEntity])],
  controllers: [AdminPartnersController],
  providers: [
    IDENTITY_ERROR_STATUSES,
    { provide: PartnerRepository, useClass: TypeOrmPartnerRepository },
    { provide: PartnerAuthenticator, useClass: ApiKeyPartnerAuthenticator },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    ApiKeyCache,
    ApiKeyUsage,
    ListApiKeysHandler,
    AdminKeyGuard,
    FailedAuthentications,
    CreatePartnerHandler,
    IssueApiKeyHandler,
    RevokeApiKeyHandler,
  ],
  exports: [PartnerRepository],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    tags: OpenApiTagRegistry,
  ) {
    tags.register({
      name: 'Admin',
      description: 'Operator routes: partners and their API keys, with the admin key.',
      order: 50,
    });
  }

  onModuleInit(): void {
    this.contexts.register('Partner', PARTNER_PROPERTIES, PartnerCreatedResponse);
    this.contexts.register('ApiKey', API_KEY_PROPERTIES, ApiKeyIssuedResponse);
  }
}
