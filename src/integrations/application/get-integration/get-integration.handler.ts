import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { IntegrationError } from '../../domain/integration.errors.js';
import { IntegrationRepository } from '../../domain/integration.repository.js';
import { type IntegrationView, viewOf } from '../integration-view.js';
import { GetIntegrationQuery } from './get-integration.query.js';

@QueryHandler(GetIntegrationQuery)
export class GetIntegrationHandler implements IQueryHandler<GetIntegrationQuery> {
  constructor(private readonly integrations: IntegrationRepository) {}

  async execute(query: GetIntegrationQuery): Promise<IntegrationView> {
    const integration = await this.integrations.findActive(query.organizationId, query.integrationId);
    if (!integration) throw IntegrationError.notFound();
    return viewOf(integration);
  }
}
