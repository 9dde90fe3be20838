import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import { contextIri, jsonLdResource, markCreated } from '../../shared/http/json-ld.js';
import { ApiJsonLdResponse, ApiProblems, JSON_LD_MEDIA_TYPE } from '../../shared/http/openapi-schemas.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';
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
  WebhookReplayResource,
  WebhookEndpointResource,
} from './webhook.resources.js';

/** The latest attempts the deliveries route shows. */
const DELIVERIES_SHOWN = 100;

const ENDPOINTS_EXAMPLE = '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/webhook-endpoints';

const collectionSchema = (model: new () => unknown, type: string, id: string, withTotal: boolean) => ({
  type: 'object',
  required: ['@context', '@id', '@type', 'member', ...(withTotal ? ['totalItems'] : [])],
  properties: {
    '@context': { type: 'string', example: contextIri(type) },
    '@id': { type: 'string', format: 'iri-reference', example: id },
    '@type': { type: 'string', example: 'Collection' },
    ...(withTotal ? { totalItems: { type: 'integer', minimum: 0, example: 1 } } : {}),
    member: { type: 'array', items: { $ref: getSchemaPath(model) } },
  },
});

@ApiTags('Webhooks')
@ApiBearerAuth('apiKey')
@ApiParam({ name: 'organizationId', description: 'Organization identifier', schema: { type: 'string' } })
@ApiProblems({ 401: 'Missing, invalid or revoked API key', 403: 'Forbidden', 404: 'Not found' })
@ApiExtraModels(WebhookEndpointResource, WebhookDeliveryResource)
@Controller('api/organizations/:organizationId/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent({ issuesSecret: true })
  @RequireOrganizationRole('owner', 'Only organization owners can manage webhook endpoints.')
  @RequireScopes('webhooks:write')
  @ApiOperation({
    operationId: 'createWebhookEndpoint',
    summary: 'Register a webhook endpoint.',
    description:
      "The organization's events from now on are POSTed to `url`, signed as the Standard Webhooks specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The answer holds the signing `secret`, shown this once. Any 2xx within 15 s is a success; anything else is retried with a backoff for about a day.",
  })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiBody({ type: CreateWebhookEndpointRequest })
  @ApiJsonLdResponse(201, WebhookEndpointResource, 'Endpoint registered; `secret` is shown only here')
  @ApiProblems({ 400: 'Invalid input', 415: 'Unsupported media type', 422: 'Validation error' })
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
  @RequireOrganizationRole('member')
  @RequireScopes('webhooks:read')
  @ApiOperation({ operationId: 'listWebhookEndpoints', summary: "The organization's webhook endpoints." })
  @ApiResponse({
    status: 200,
    description: 'Every endpoint, oldest first',
    content: {
      [JSON_LD_MEDIA_TYPE]: {
        schema: collectionSchema(WebhookEndpointResource, WEBHOOK_ENDPOINT_TYPE, ENDPOINTS_EXAMPLE, true),
      },
    },
  })
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
  @RequireOrganizationRole('member')
  @RequireScopes('webhooks:read')
  @ApiOperation({ operationId: 'getWebhookEndpoint', summary: 'One webhook endpoint (never its secret).' })
  @ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } })
  @ApiJsonLdResponse(200, WebhookEndpointResource, 'The endpoint')
  async get(@Param('organizationId') organizationId: string, @Param('endpointId', endpointIdPipe) endpointId: string) {
    return endpointBody(await this.queries.execute(new GetWebhookEndpointQuery(organizationId, endpointId)));
  }

  @Patch(':endpointId')
  @RequireOrganizationRole('owner', 'Only organization owners can manage webhook endpoints.')
  @RequireScopes('webhooks:write')
  @ApiOperation({
    operationId: 'updateWebhookEndpoint',
    summary: 'Change a webhook endpoint (JSON merge patch).',
    description: '`url`, `event_types`, `description` and `disabled`; enabling it again clears `disabled_reason`.',
  })
  @ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } })
  @ApiConsumes('application/merge-patch+json')
  @ApiBody({ type: UpdateWebhookEndpointRequest })
  @ApiJsonLdResponse(200, WebhookEndpointResource, 'The endpoint as changed')
  @ApiProblems({
    400: 'Invalid input',
    415: 'Unsupported media type: use application/merge-patch+json',
    422: 'Validation error',
  })
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
  @RequireOrganizationRole('owner', 'Only organization owners can manage webhook endpoints.')
  @RequireScopes('webhooks:write')
  @ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Remove a webhook endpoint and its delivery log.' })
  @ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } })
  @ApiNoContentResponse({ description: 'Endpoint removed' })
  async delete(
    @Param('organizationId') organizationId: string,
    @Param('endpointId', endpointIdPipe) endpointId: string,
  ): Promise<void> {
    await this.commands.execute(new DeleteWebhookEndpointCommand(organizationId, endpointId));
  }

  @Post(':endpointId/rotate-secret')
  @Idempotent({ issuesSecret: true })
  @HttpCode(200)
  @RequireOrganizationRole('owner', 'Only organization owners can manage webhook endpoints.')
  @RequireScopes('webhooks:write')
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'Replace the signing secret.',
    description: 'Deliveries are signed with the new secret from now on; the answer shows it this once.',
  })
  @ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } })
  @ApiJsonLdResponse(200, WebhookEndpointResource, 'The endpoint with its new `secret`')
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
  @RequireOrganizationRole('member')
  @RequireScopes('webhooks:read')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The latest delivery attempts (100 at most), newest first.',
  })
  @ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } })
  @ApiResponse({
    status: 200,
    description: 'Attempts: time, HTTP status, duration, a short excerpt of the answer',
    content: {
      [JSON_LD_MEDIA_TYPE]: {
        schema: collectionSchema(
          WebhookDeliveryResource,
          WEBHOOK_DELIVERY_TYPE,
          `${ENDPOINTS_EXAMPLE}/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/deliveries`,
          false,
        ),
      },
    },
  })
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
  @RequireOrganizationRole('owner', 'Only organization owners can manage webhook endpoints.')
  @RequireScopes('webhooks:write')
  @ApiOperation({
    operationId: 'replayWebhookDeliveries',
    summary: 'Re-send what the endpoint missed.',
    description:
      'Every delivery of an event since `since` that was given up on (dead) is sent again, in order per instance, with its original `webhook-id`.',
  })
  @ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiBody({ type: ReplayWebhookRequest })
  @ApiJsonLdResponse(202, WebhookReplayResource, 'The deliveries are due again')
  @ApiProblems({ 400: 'Invalid input', 415: 'Unsupported media type', 422: 'Validation error' })
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
