import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { IntegrationRepository } from '../../domain/integration.repository.js';
import { type IntegrationView, viewOf } from '../integration-view.js';
import { ListIntegrationsQuery } from './list-integrations.query.js';

@QueryHandler(ListIntegrationsQuery)
export class ListIntegrationsHandler implements IQueryHandler<ListIntegrationsQuery> {
  constructor(private readonly integrations: IntegrationRepository) {}

  /** An organization has a handful of integrations: one query, paged here. */
  async execute(query: ListIntegrationsQuery): Promise<{ items: IntegrationView[]; totalItems: number }> {
    const all = await this.integrations.listActive(query.organizationId);
    const items = all.slice(query.offset, query.offset + query.limit).map((integration) => viewOf(integration));
    return { items, totalItems: all.length };
  }
}
