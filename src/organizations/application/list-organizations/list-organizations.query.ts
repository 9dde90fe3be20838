import { Query } from '@nestjs/cqrs';
import type { OrganizationView } from '../../domain/organization.repository.js';

export class ListOrganizationsQuery extends Query<{ totalItems: number; items: OrganizationView[] }> {
  constructor(
    readonly partnerId: string,
    readonly offset: number,
    readonly limit: number,
  ) {
    super();
  }
}
