import { Query } from '@nestjs/cqrs';
import type { OrganizationView } from '../../domain/organization.repository.js';

export class GetOrganizationQuery extends Query<OrganizationView> {
  constructor(readonly organizationId: string) {
    super();
  }
}
