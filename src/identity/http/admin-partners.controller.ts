import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOnly } from '../../shared/auth/admin-key.guard.js';
import { markCreated } from '../../shared/http/json-ld.js';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
import { requestPath } from '../../shared/http/request-path.js';
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { CreatePartnerCommand } from '../application/create-partner/create-partner.command.js';
import { IssueApiKeyCommand } from '../application/issue-api-key/issue-api-key.command.js';
import { ListApiKeysQuery } from '../application/list-api-keys/list-api-keys.query.js';
import { RevokeApiKeyCommand } from '../application/revoke-api-key/revoke-api-key.command.js';
import { IssueApiKeyRequest } from './issue-api-key.request.js';
import { OptionalBody } from './optional-body.js';
import { CreatePartnerRequest } from './create-partner.request.js';
import { apiKeyBody, apiKeyIssuedBody, partnerCreatedBody } from './partner.responses.js';
import { CreatePartnerDocs, IssueApiKeyDocs, ListApiKeysDocs, RevokeApiKeyDocs } from './admin-partners.openapi.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';

@ApiTags('Admin')
@AdminOnly()
@ApiProblems({ 401: 'Missing or invalid admin API key', 404: 'Admin routes are disabled (ADMIN_API_KEY unset)' })
@Controller('api/admin/partners')
export class AdminPartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent({ issuesSecret: true })
  @CreatePartnerDocs()
  async create(@Body() body: CreatePartnerRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const partner = await this.commands.execute(new CreatePartnerCommand(body.name, body.email));
    return markCreated(reply, partnerCreatedBody(partner));
  }

  @Post(':partnerId/keys')
  @Idempotent({ issuesSecret: true })
  @IssueApiKeyDocs()
  async issueKey(
    @Param('partnerId', new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Partner not found.') })) partnerId: string,
    @OptionalBody() body: IssueApiKeyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = await this.commands.execute(new IssueApiKeyCommand(partnerId, body.scopes, body.expires_at));
    return markCreated(reply, apiKeyIssuedBody(key));
  }

  @Get(':partnerId/keys')
  @ListApiKeysDocs()
  async listKeys(
    @Param('partnerId', new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Partner not found.') })) partnerId: string,
    @Req() request: FastifyRequest,
  ) {
    const keys = await this.queries.execute(new ListApiKeysQuery(partnerId));
    return hydraCollection({
      memberType: 'ApiKey',
      path: requestPath(request),
      query: {},
      pagination: { page: 1, itemsPerPage: keys.length },
      totalItems: keys.length,
      members: keys.map(apiKeyBody),
      search: [],
    });
  }

  @Delete(':partnerId/keys/:keyId')
  @HttpCode(204)
  @RevokeApiKeyDocs()
  async revokeKey(
    @Param('partnerId', new ParseUUIDPipe({ exceptionFactory: notFoundUuid('API key not found.') })) partnerId: string,
    @Param('keyId', new ParseUUIDPipe({ exceptionFactory: notFoundUuid('API key not found.') })) keyId: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeApiKeyCommand(partnerId, keyId));
  }
}
