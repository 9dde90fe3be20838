import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookEndpoints } from '../../domain/webhook-endpoint.js';
import { ListWebhookEndpointsQuery } from './list-webhook-endpoints.query.js';

@QueryHandler(ListWebhookEndpointsQuery)
export class ListWebhookEndpointsHandler implements IQueryHandler<ListWebhookEndpointsQuery> {
  constructor(private readonly endpoints: WebhookEndpoints) {}

  execute(query: ListWebhookEndpointsQuery) {
    return this.endpoints.list(query.organizationId);
  }
}
