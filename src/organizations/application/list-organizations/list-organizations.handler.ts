import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OrganizationReadModel, type OrganizationView } from '../../domain/organization.repository.js';
import { ListOrganizationsQuery } from './list-organizations.query.js';

@QueryHandler(ListOrganizationsQuery)
export class ListOrganizationsHandler implements IQueryHandler<ListOrganizationsQuery> {
  constructor(private readonly readModel: OrganizationReadModel) {}

  execute(query: ListOrganizationsQuery): Promise<{ totalItems: number; items: OrganizationView[] }> {
    return this.readModel.listForPartner(query.partnerId, { offset: query.offset, limit: query.limit });
  }
}
