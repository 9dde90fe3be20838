import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminOnly } from '../../shared/auth/admin-key.guard.js';
import { markCreated } from '../../shared/http/json-ld.js';
import { ApiJsonLdResponse, ApiProblems } from '../../shared/http/openapi-schemas.js';
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { CreatePartnerCommand } from '../application/create-partner/create-partner.command.js';
import { IssueApiKeyCommand } from '../application/issue-api-key/issue-api-key.command.js';
import { RevokeApiKeyCommand } from '../application/revoke-api-key/revoke-api-key.command.js';
import { CreatePartnerRequest } from './create-partner.request.js';
import { IdentityErrorFilter } from './identity-error.filter.js';
import {
  apiKeyIssuedBody,
  ApiKeyIssuedResponse,
  partnerCreatedBody,
  PartnerCreatedResponse,
} from './partner.responses.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';

@ApiTags('Admin')
@AdminOnly()
@UseFilters(IdentityErrorFilter)
@ApiProblems({ 401: 'Missing or invalid admin API key', 404: 'Admin routes are disabled (ADMIN_API_KEY unset)' })
@Controller('api/admin/partners')
export class AdminPartnersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Idempotent({ issuesSecret: true })
  @ApiOperation({ operationId: 'createPartner', summary: 'Create a partner and its first API key' })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiJsonLdResponse(201, PartnerCreatedResponse, 'Partner created; the API key is shown once')
  @ApiProblems({ 400: 'Invalid input', 422: 'Validation error' })
  async create(@Body() body: CreatePartnerRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const partner = await this.commands.execute(new CreatePartnerCommand(body.name, body.email));
    return markCreated(reply, partnerCreatedBody(partner));
  }

  @Post(':partnerId/keys')
  @Idempotent({ issuesSecret: true })
  @ApiOperation({ operationId: 'issueApiKey', summary: 'Issue a further API key for a partner' })
  @ApiJsonLdResponse(201, ApiKeyIssuedResponse, 'Key issued; shown once')
  @ApiProblems({ 404: 'Partner not found' })
  async issueKey(
    @Param('partnerId', new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Partner not found.') })) partnerId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = await this.commands.execute(new IssueApiKeyCommand(partnerId));
    return markCreated(reply, apiKeyIssuedBody(key));
  }

  @Delete(':partnerId/keys/:keyId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key, effective immediately' })
  @ApiNoContentResponse({ description: 'Key revoked' })
  @ApiProblems({ 404: 'Partner or key not found' })
  async revokeKey(
    @Param('partnerId', new ParseUUIDPipe({ exceptionFactory: notFoundUuid('API key not found.') })) partnerId: string,
    @Param('keyId', new ParseUUIDPipe({ exceptionFactory: notFoundUuid('API key not found.') })) keyId: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeApiKeyCommand(partnerId, keyId));
  }
}
