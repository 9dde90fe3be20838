import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OrganizationError } from '../../domain/organization.errors.js';
import { OrganizationReadModel, type OrganizationView } from '../../domain/organization.repository.js';
import { GetOrganizationQuery } from './get-organization.query.js';

@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery> {
  constructor(private readonly readModel: OrganizationReadModel) {}

  async execute(query: GetOrganizationQuery): Promise<OrganizationView> {
    const organization = await this.readModel.findOne(query.organizationId);
    if (!organization) throw OrganizationError.notFound();
    return organization;
  }
}
