import { Command } from '@nestjs/cqrs';
import type { WebhookEndpoint } from '../../domain/webhook-endpoint.js';

/** Replaces the signing secret at once; returns the new one, shown this once. */
export class RotateWebhookSecretCommand extends Command<{ endpoint: WebhookEndpoint; secret: string }> {
  constructor(
    readonly organizationId: string,
    readonly endpointId: string,
  ) {
    super();
  }
}
