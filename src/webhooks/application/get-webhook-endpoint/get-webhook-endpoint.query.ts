import { Query } from '@nestjs/cqrs';
import type { WebhookEndpoint } from '../../domain/webhook-endpoint.js';

export class GetWebhookEndpointQuery extends Query<WebhookEndpoint> {
  constructor(
    readonly organizationId: string,
    readonly endpointId: string,
  ) {
    super();
  }
}
