import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookEndpoints, WebhookError } from '../../domain/webhook-endpoint.js';
import { GetWebhookEndpointQuery } from './get-webhook-endpoint.query.js';

@QueryHandler(GetWebhookEndpointQuery)
export class GetWebhookEndpointHandler implements IQueryHandler<GetWebhookEndpointQuery> {
  constructor(private readonly endpoints: WebhookEndpoints) {}

  async execute(query: GetWebhookEndpointQuery) {
    const endpoint = await this.endpoints.find(query.organizationId, query.endpointId);
    if (!endpoint) throw WebhookError.notFound();
    return endpoint;
  }
}
