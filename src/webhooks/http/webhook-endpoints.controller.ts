import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExtraModels, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import { contextIri, jsonLdResource, markCreated } from '../../shared/http/json-ld.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';
import { MembersOnly, OwnersOnly } from '../../organizations/index.js';
import { CreateWebhookEndpointCommand } from '../application/create-webhook-endpoint/create-webhook-endpoint.command.js';
import { DeleteWebhookEndpointCommand } from '../application/delete-webhook-endpoint/delete-webhook-endpoint.command.js';
import { GetWebhookEndpointQuery } from '../application/get-webhook-endpoint/get-webhook-endpoint.query.js';
import { ListWebhookDeliveriesQuery } from '../application/list-webhook-deliveries/list-webhook-deliveries.query.js';
import { ListWebhookEndpointsQuery } from '../application/list-webhook-endpoints/list-webhook-endpoints.query.js';
import { ReplayWebhookDeliveriesCommand } from '../application/replay-webhook-deliveries/replay-webhook-deliveries.command.js';
import { RotateWebhookSecretCommand } from '../application/rotate-webhook-secret/rotate-webhook-secret.command.js';
import { UpdateWebhookEndpointCommand } from '../application/update-webhook-endpoint/update-webhook-endpoint.command.js';
import { endpointIdPipe } from './webhook-params.js';
import {
  CreateWebhookEndpointDocs,
  DeleteWebhookEndpointDocs,
  GetWebhookEndpointDocs,
  ListWebhookDeliveriesDocs,
  ListWebhookEndpointsDocs,
  ReplayWebhookDeliveriesDocs,
  RotateWebhookSecretDocs,
  UpdateWebhookEndpointDocs,
} from './webhooks.openapi.js';
import {
  CreateWebhookEndpointRequest,
  ReplayWebhookRequest,
  UpdateWebhookEndpointRequest,
} from './webhook.requests.js';
import {
  deliveryBody,
  endpointBody,
  endpointIri,
  WEBHOOK_DELIVERY_TYPE,
  WEBHOOK_ENDPOINT_TYPE,
  WebhookDeliveryResource,
  WebhookEndpointResource,
} from './webhook.resources.js';

/** The latest attempts the deliveries route shows. */
const DELIVERIES_SHOWN = 100;

const OWNERS_ONLY = 'Only organization owners can manage webhook endpoints.';
/** What these operations document for a caller without the role, and for what is not found. */
const MEMBER_ANSWERS = { notFound: 'Not found' };
const OWNER_ANSWERS = { forbidden: 'Forbidden', notFound: 'Not found' };

@ApiTags('Webhooks')
@ApiBearerAuth('apiKey')
@ApiParam({ name: 'organizationId', description: 'Organization identifier', schema: { type: 'string' } })
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@ApiExtraModels(WebhookEndpointResource, WebhookDeliveryResource)
@Controller('api/organizations/:organizationId/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent({ issuesSecret: true })
  @OwnersOnly(OWNERS_ONLY, OWNER_ANSWERS)
  @RequireScopes('webhooks:write')
  @CreateWebhookEndpointDocs()
  async create(
    @Param('organizationId') organizationId: string,
    @Body() body: CreateWebhookEndpointRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { endpoint, secret } = await this.commands.execute(
      new CreateWebhookEndpointCommand(
        organizationId,
        body.url ?? '',
        body.event_types ?? null,
        body.description ?? null,
      ),
    );
    return markCreated(reply, endpointBody(endpoint, { secret }));
  }

  @Get()
  @MembersOnly(MEMBER_ANSWERS)
  @RequireScopes('webhooks:read')
  @ListWebhookEndpointsDocs()
  async list(@Param('organizationId') organizationId: string) {
    const endpoints = await this.queries.execute(new ListWebhookEndpointsQuery(organizationId));
    return {
      '@context': contextIri(WEBHOOK_ENDPOINT_TYPE),
      '@id': `/api/organizations/${organizationId}/webhook-endpoints`,
      '@type': 'Collection',
      totalItems: endpoints.length,
      member: endpoints.map((endpoint) => endpointBody(endpoint, { withContext: false })),
    };
  }

  @Get(':endpointId')
  @MembersOnly(MEMBER_ANSWERS)
  @RequireScopes('webhooks:read')
  @GetWebhookEndpointDocs()
  async get(@Param('organizationId') organizationId: string, @Param('endpointId', endpointIdPipe) endpointId: string) {
    return endpointBody(await this.queries.execute(new GetWebhookEndpointQuery(organizationId, endpointId)));
  }

  @Patch(':endpointId')
  @OwnersOnly(OWNERS_ONLY, OWNER_ANSWERS)
  @RequireScopes('webhooks:write')
  @UpdateWebhookEndpointDocs()
  async update(
    @Param('organizationId') organizationId: string,
    @Param('endpointId', endpointIdPipe) endpointId: string,
    @Body() body: UpdateWebhookEndpointRequest,
  ) {
    const patch = {
      url: body.url,
      eventTypes: body.event_types,
      description: body.description,
      disabled: body.disabled,
    };
    return endpointBody(
      await this.commands.execute(new UpdateWebhookEndpointCommand(organizationId, endpointId, patch)),
    );
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @OwnersOnly(OWNERS_ONLY, OWNER_ANSWERS)
  @RequireScopes('webhooks:write')
  @DeleteWebhookEndpointDocs()
  async delete(
    @Param('organizationId') organizationId: string,
    @Param('endpointId', endpointIdPipe) endpointId: string,
  ): Promise<void> {
    await this.commands.execute(new DeleteWebhookEndpointCommand(organizationId, endpointId));
  }

  @Post(':endpointId/rotate-secret')
  @Idempotent({ issuesSecret: true })
  @HttpCode(200)
  @OwnersOnly(OWNERS_ONLY, OWNER_ANSWERS)
  @RequireScopes('webhooks:write')
  @RotateWebhookSecretDocs()
  async rotate(
    @Param('organizationId') organizationId: string,
    @Param('endpointId', endpointIdPipe) endpointId: string,
  ) {
    const { endpoint, secret } = await this.commands.execute(
      new RotateWebhookSecretCommand(organizationId, endpointId),
    );
    return endpointBody(endpoint, { secret });
  }

  @Get(':endpointId/deliveries')
  @MembersOnly(MEMBER_ANSWERS)
  @RequireScopes('webhooks:read')
  @ListWebhookDeliveriesDocs()
  async deliveries(
    @Param('organizationId') organizationId: string,
    @Param('endpointId', endpointIdPipe) endpointId: string,
  ) {
    const attempts = await this.queries.execute(
      new ListWebhookDeliveriesQuery(organizationId, endpointId, DELIVERIES_SHOWN),
    );
    return {
      '@context': contextIri(WEBHOOK_DELIVERY_TYPE),
      '@id': `${endpointIri(organizationId, endpointId)}/deliveries`,
      '@type': 'Collection',
      member: attempts.map(deliveryBody),
    };
  }

  @Post(':endpointId/replay')
  @Idempotent()
  @HttpCode(202)
  @OwnersOnly(OWNERS_ONLY, OWNER_ANSWERS)
  @RequireScopes('webhooks:write')
  @ReplayWebhookDeliveriesDocs()
  async replay(
    @Param('organizationId') organizationId: string,
    @Param('endpointId', endpointIdPipe) endpointId: string,
    @Body() body: ReplayWebhookRequest,
  ) {
    const since = body.since === undefined ? Number.NaN : Date.parse(body.since);
    if (Number.isNaN(since)) {
      throw ValidationFailed.single(
        'since',
        'This value should be a date and time (ISO 8601).',
        ViolationCode.WrongType,
      );
    }
    const replayed = await this.commands.execute(
      new ReplayWebhookDeliveriesCommand(organizationId, endpointId, new Date(since)),
    );
    return jsonLdResource(
      { type: 'WebhookReplay', iri: `${endpointIri(organizationId, endpointId)}/replay` },
      { since: new Date(since).toISOString(), replayed },
    );
  }
}
