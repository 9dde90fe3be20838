import { Module, OnModuleInit } from '@nestjs/common';
import { EventsModule } from '../events/index.js';
import { OrganizationsModule } from '../organizations/index.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { OpenApiTagRegistry } from '../shared/http/openapi-tags.js';
import { OutboxRelay } from '../shared/outbox/outbox-relay.js';
import { CreateWebhookEndpointHandler } from './application/create-webhook-endpoint/create-webhook-endpoint.handler.js';
import { DeleteWebhookEndpointHandler } from './application/delete-webhook-endpoint/delete-webhook-endpoint.handler.js';
import { GetWebhookEndpointHandler } from './application/get-webhook-endpoint/get-webhook-endpoint.handler.js';
import { ListWebhookDeliveriesHandler } from './application/list-webhook-deliveries/list-webhook-deliveries.handler.js';
import { ListWebhookEndpointsHandler } from './application/list-webhook-endpoints/list-webhook-endpoints.handler.js';
import { ReplayWebhookDeliveriesHandler } from './application/replay-webhook-deliveries/replay-webhook-deliveries.handler.js';
import { RotateWebhookSecretHandler } from './application/rotate-webhook-secret/rotate-webhook-secret.handler.js';
import { UpdateWebhookEndpointHandler } from './application/update-webhook-endpoint/update-webhook-endpoint.handler.js';
import { WebhookEndpoints, WebhookUrlChecker } from './domain/webhook-endpoint.js';
import { WebhookEndpointsController } from './http/webhook-endpoints.controller.js';
import {
  WEBHOOK_DELIVERY_PROPERTIES,
  WEBHOOK_DELIVERY_TYPE,
  WEBHOOK_ENDPOINT_PROPERTIES,
  WEBHOOK_ENDPOINT_TYPE,
  WebhookDeliveryResource,
  WebhookEndpointResource,
  WebhookReplayResource,
} from './http/webhook.resources.js';
import { SecretBox } from './infrastructure/secret-box.js';
import { SqlWebhookEndpoints } from './infrastructure/sql-webhook-endpoints.js';
import { WebhookAttemptLog } from './infrastructure/webhook-attempt-log.js';
import { WebhookSender } from './infrastructure/webhook-sender.js';
import { WebhookSubscribers } from './infrastructure/webhook-subscribers.js';
import { WebhookUrlPolicy } from './infrastructure/webhook-url-policy.js';
import { WEBHOOK_ERROR_STATUSES } from './http/webhook-error.statuses.js';

/**
 * Signed webhooks for partners (Standard Webhooks): owners register endpoints, each endpoint is a
 * subscriber of the outbox log with its own cursor, retries and dead deliveries.
 */
@Module({
  imports: [OrganizationsModule, EventsModule],
  controllers: [WebhookEndpointsController],
  providers: [
    WEBHOOK_ERROR_STATUSES,
    SecretBox,
    WebhookSubscribers,
    WebhookSender,
    WebhookAttemptLog,
    { provide: WebhookEndpoints, useClass: SqlWebhookEndpoints },
    { provide: WebhookUrlChecker, useClass: WebhookUrlPolicy },
    CreateWebhookEndpointHandler,
    UpdateWebhookEndpointHandler,
    DeleteWebhookEndpointHandler,
    RotateWebhookSecretHandler,
    ReplayWebhookDeliveriesHandler,
    ListWebhookEndpointsHandler,
    GetWebhookEndpointHandler,
    ListWebhookDeliveriesHandler,
  ],
})
export class WebhooksModule implements OnModuleInit {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    tags: OpenApiTagRegistry,
    private readonly relay: OutboxRelay,
    private readonly subscribers: WebhookSubscribers,
  ) {
    tags.register({
      name: 'Webhooks',
      description: 'Signed webhook endpoints that receive the organization events (Standard Webhooks).',
      order: 80,
    });
  }

  onModuleInit(): void {
    this.contexts.register(WEBHOOK_ENDPOINT_TYPE, WEBHOOK_ENDPOINT_PROPERTIES, WebhookEndpointResource);
    this.contexts.register(WEBHOOK_DELIVERY_TYPE, WEBHOOK_DELIVERY_PROPERTIES, WebhookDeliveryResource);
    this.contexts.register('WebhookReplay', ['since', 'replayed'], WebhookReplayResource);
    this.relay.addSource(this.subscribers);
  }
}
