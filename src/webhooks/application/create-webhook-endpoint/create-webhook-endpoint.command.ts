import { Command } from '@nestjs/cqrs';
import type { WebhookEndpoint } from '../../domain/webhook-endpoint.js';

/** Returns the endpoint and its signing secret, which is shown this once. */
export class CreateWebhookEndpointCommand extends Command<{ endpoint: WebhookEndpoint; secret: string }> {
  constructor(
    readonly organizationId: string,
    readonly url: string,
    readonly eventTypes: string[] | null,
    readonly description: string | null,
  ) {
    super();
  }
}
