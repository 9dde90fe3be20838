import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import { markCreated } from '../../shared/http/json-ld.js';
import { ApiHydraCollectionResponse, ApiJsonLdResponse, ApiProblems } from '../../shared/http/openapi-schemas.js';
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
import { integrationBody, IntegrationResponse, IntegrationWithSecretResponse } from './integration.responses.js';

const integrationIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Integration not found.') });
const OWNERS_ONLY = 'Only organization owners can manage integrations.';

/**
 * An organization's integrations, for its owners with a partner API key (an integration token
 * cannot mint or see other credentials: these operations name no scope).
 */
@ApiTags('Integrations')
@ApiBearerAuth('apiKey')
@ApiProblems({
  401: 'Missing, invalid or revoked credentials',
  403: 'Not an owner of the organization, or a restricted credential',
  404: 'Organization not found',
})
@Controller('api/organizations/:organizationId/integrations')
export class IntegrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent({ issuesSecret: true })
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({ operationId: 'createIntegration', summary: 'Create an integration; its client secret is shown once' })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiJsonLdResponse(201, IntegrationWithSecretResponse, 'Integration created, with its client secret')
  @ApiProblems({ 400: 'Invalid input', 422: 'Blank name, or no or unknown scopes' })
  async create(
    @Param('organizationId') organizationId: string,
    @Body() body: CreateIntegrationRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.commands.execute(new CreateIntegrationCommand(organizationId, body.name, body.scopes));
    return markCreated(reply, integrationBody(created));
  }

  @Get()
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({ operationId: 'listIntegrations', summary: "List the organization's active integrations" })
  @ApiQuery({ name: 'page', required: false, type: 'integer', description: 'The collection page number' })
  @ApiQuery({ name: 'itemsPerPage', required: false, type: 'integer', description: 'The number of items per page' })
  @ApiHydraCollectionResponse(IntegrationResponse, 'Integration collection', {
    context: '/api/contexts/Integration',
    id: '/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/integrations',
  })
  @ApiProblems({ 400: 'Invalid pagination' })
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
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({ operationId: 'getIntegration', summary: 'Get an integration (never its secret)' })
  @ApiJsonLdResponse(200, IntegrationResponse, 'Integration resource')
  @ApiProblems({ 404: 'Organization or integration not found' })
  async get(
    @Param('organizationId') organizationId: string,
    @Param('integrationId', integrationIdPipe) integrationId: string,
  ) {
    return integrationBody(await this.queries.execute(new GetIntegrationQuery(organizationId, integrationId)));
  }

  @Delete(':integrationId')
  @HttpCode(204)
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({
    operationId: 'revokeIntegration',
    summary: 'Revoke an integration: its secrets and tokens stop working on the next request',
  })
  @ApiNoContentResponse({ description: 'Integration revoked' })
  @ApiProblems({ 404: 'Organization or integration not found' })
  async revoke(
    @Param('organizationId') organizationId: string,
    @Param('integrationId', integrationIdPipe) integrationId: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeIntegrationCommand(organizationId, integrationId));
  }

  @Post(':integrationId/rotate-secret')
  @Idempotent({ issuesSecret: true })
  @HttpCode(200)
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({
    operationId: 'rotateIntegrationSecret',
    summary: 'Issue a new client secret; the previous one works until previous_secret_expires_at',
  })
  @ApiJsonLdResponse(200, IntegrationWithSecretResponse, 'New secret, shown once')
  @ApiProblems({ 404: 'Organization or integration not found' })
  async rotateSecret(
    @Param('organizationId') organizationId: string,
    @Param('integrationId', integrationIdPipe) integrationId: string,
  ) {
    return integrationBody(
      await this.commands.execute(new RotateIntegrationSecretCommand(organizationId, integrationId)),
    );
  }
}
