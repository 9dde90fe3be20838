import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookEndpoints } from '../../domain/webhook-endpoint.js';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query.js';

@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(private readonly endpoints: WebhookEndpoints) {}

  execute(query: ListWebhookDeliveriesQuery) {
    return this.endpoints.attempts(query.organizationId, query.endpointId, query.limit);
  }
}
