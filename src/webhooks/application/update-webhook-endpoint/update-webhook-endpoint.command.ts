import { Command } from '@nestjs/cqrs';
import type { WebhookEndpoint, WebhookEndpointPatch } from '../../domain/webhook-endpoint.js';

export class UpdateWebhookEndpointCommand extends Command<WebhookEndpoint> {
  constructor(
    readonly organizationId: string,
    readonly endpointId: string,
    readonly patch: WebhookEndpointPatch,
  ) {
    super();
  }
}
