import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import { markCreated } from '../../shared/http/json-ld.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
import { parsePagination } from '../../shared/http/pagination.js';
import { requestPath } from '../../shared/http/request-path.js';
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';
import { CreateIntegrationCommand } from '../application/create-integration/create-integration.command.js';
import { GetIntegrationQuery } from '../application/get-integration/get-integration.query.js';
import { ListIntegrationsQuery } from '../application/list-integrations/list-integrations.query.js';
import { RevokeIntegrationCommand } from '../application/revoke-integration/revoke-integration.command.js';
import { RotateIntegrationSecretCommand } from '../application/rotate-integration-secret/rotate-integration-secret.command.js';
import { CreateIntegrationRequest } from './integration.requests.js';
import { integrationBody } from './integration.responses.js';
import { OwnersOnly } from '../../organizations/index.js';
import {
  CreateIntegrationDocs,
  GetIntegrationDocs,
  ListIntegrationsDocs,
  RevokeIntegrationDocs,
  RotateIntegrationSecretDocs,
} from './integrations.openapi.js';

const integrationIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Integration not found.') });
const OWNERS_ONLY = 'Only organization owners can manage integrations.';
/** What these operations document for a caller who is not an owner (or holds a restricted credential). */
const NOT_AN_OWNER = { forbidden: 'Not an owner of the organization, or a restricted credential' };

/**
 * An organization's integrations, for its owners with a partner API key (an integration token
 * cannot mint or see other credentials: these operations name no scope).
 */
@ApiTags('Integrations')
@ApiBearerAuth('apiKey')
@ApiProblems({ 401: 'Missing, invalid or revoked credentials' })
@Controller('api/organizations/:organizationId/integrations')
export class IntegrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent({ issuesSecret: true })
  @OwnersOnly(OWNERS_ONLY, NOT_AN_OWNER)
  @CreateIntegrationDocs()
  async create(
    @Param('organizationId') organizationId: string,
    @Body() body: CreateIntegrationRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.commands.execute(new CreateIntegrationCommand(organizationId, body.name, body.scopes));
    return markCreated(reply, integrationBody(created));
  }

  @Get()
  @OwnersOnly(OWNERS_ONLY, NOT_AN_OWNER)
  @ListIntegrationsDocs()
  async list(
    @Param('organizationId') organizationId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ) {
    const pagination = parsePagination(query);
    const offset = (pagination.page - 1) * pagination.itemsPerPage;
    const result = await this.queries.execute(
      new ListIntegrationsQuery(organizationId, offset, pagination.itemsPerPage),
    );
    return hydraCollection({
      memberType: 'Integration',
      path: requestPath(request),
      query,
      pagination,
      totalItems: result.totalItems,
      members: result.items.map((item) => integrationBody(item, false)),
      search: [],
    });
  }

  @Get(':integrationId')
  @OwnersOnly(OWNERS_ONLY, { ...NOT_AN_OWNER, notFound: 'Organization or integration not found' })
  @GetIntegrationDocs()
  async get(
    @Param('organizationId') organizationId: string,
    @Param('integrationId', integrationIdPipe) integrationId: string,
  ) {
    return integrationBody(await this.queries.execute(new GetIntegrationQuery(organizationId, integrationId)));
  }

  @Delete(':integrationId')
  @HttpCode(204)
  @OwnersOnly(OWNERS_ONLY, { ...NOT_AN_OWNER, notFound: 'Organization or integration not found' })
  @RevokeIntegrationDocs()
  async revoke(
    @Param('organizationId') organizationId: string,
    @Param('integrationId', integrationIdPipe) integrationId: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeIntegrationCommand(organizationId, integrationId));
  }

  @Post(':integrationId/rotate-secret')
  @Idempotent({ issuesSecret: true })
  @HttpCode(200)
  @OwnersOnly(OWNERS_ONLY, { ...NOT_AN_OWNER, notFound: 'Organization or integration not found' })
  @RotateIntegrationSecretDocs()
  async rotateSecret(
    @Param('organizationId') organizationId: string,
    @Param('integrationId', integrationIdPipe) integrationId: string,
  ) {
    return integrationBody(
      await this.commands.execute(new RotateIntegrationSecretCommand(organizationId, integrationId)),
    );
  }
}
