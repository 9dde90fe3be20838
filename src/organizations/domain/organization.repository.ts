import type { VersionCondition } from '../../shared/domain/version-condition.js';
import type { OrganizationRole } from './organization-role.js';
import type { MembershipRoster } from './membership-roster.js';
import type { Organization } from './organization.js';

/** Port: where organizations and their memberships are kept. */
export abstract class OrganizationRepository {
  abstract create(organization: Organization, ownerId: string): Promise<void>;
  /**
   * Loads the organization (its roster) locked against concurrent changes, applies `change`, stores
   * the result, and returns what `change` returned. Unknown organization -> OrganizationError.notFound.
   * Every method that takes a `condition` (If-Match) checks it against the locked row's version
   * first: PreconditionFailed when it does not hold or the organization does not exist, and nothing
   * is written.
   */
  abstract change(
    organizationId: string,
    change: (organization: Organization) => void,
    condition?: VersionCondition,
  ): Promise<void>;
  /** Throws OrganizationError.stillOwnsInstances while it owns instances that are not deleted. */
  abstract delete(organizationId: string, condition?: VersionCondition): Promise<void>;
  /**
   * Loads the roster locked against concurrent changes, applies `change`, stores the result (a new
   * version of the organization when it changed), and returns what `change` returned. Unknown
   * partner -> OrganizationError.partnerNotFound.
   */
  abstract changeRoster<T>(
    organizationId: string,
    change: (roster: MembershipRoster) => T,
    condition?: VersionCondition,
  ): Promise<T>;
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
  /** The ETag of its representation. */
  version: number;
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
