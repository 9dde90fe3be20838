import { Query } from '@nestjs/cqrs';
import type { WebhookEndpoint } from '../../domain/webhook-endpoint.js';

export class ListWebhookEndpointsQuery extends Query<WebhookEndpoint[]> {
  constructor(readonly organizationId: string) {
    super();
  }
}
