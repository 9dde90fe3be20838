import type { OrganizationRole } from '../../shared/auth/organization-role.js';
import type { MembershipRoster } from './membership-roster.js';
import type { Organization } from './organization.js';

/** Port: where organizations and their memberships are kept. */
export abstract class OrganizationRepository {
  abstract create(organization: Organization, ownerId: string): Promise<void>;
  abstract findById(organizationId: string): Promise<Organization | undefined>;
  abstract save(organization: Organization): Promise<void>;
  /** Throws OrganizationError.stillOwnsInstances while it owns instances that are not deleted. */
  abstract delete(organizationId: string): Promise<void>;
  /**
   * Loads the roster locked against concurrent changes, applies `change`, stores the result, and
   * returns what `change` returned.
   */
  abstract changeRoster<T>(organizationId: string, change: (roster: MembershipRoster) => T): Promise<T>;
}

export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: OrganizationRole;
  joinedAt: Date;
}

export interface OrganizationView {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  members: MemberView[];
}

/** Port: read models for the organization resource. */
export abstract class OrganizationReadModel {
  abstract findOne(organizationId: string): Promise<OrganizationView | undefined>;
  abstract listForPartner(
    partnerId: string,
    page: { offset: number; limit: number },
  ): Promise<{ totalItems: number; items: OrganizationView[] }>;
}
