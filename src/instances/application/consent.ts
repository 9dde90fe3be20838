import { validate as isUuid } from 'uuid';
import type { OrganizationRole } from '../../organizations/index.js';
import type { OrganizationMembershipReader } from '../../shared/auth/organization-role.js';

/** The organizations module's word for the role whose holders consent for an organization. */
const CONSENTING_ROLE: OrganizationRole = 'owner';

/**
 * Whether the receiving organization consents to being offered an instance: the partner asking is
 * one of its owners. False for an organization that does not exist (or an id that is none).
 */
export async function ownsOrganization(
  memberships: OrganizationMembershipReader,
  organizationId: string,
  partnerId: string,
): Promise<boolean> {
  if (!isUuid(organizationId)) return false;
  return (await memberships.roleOf(organizationId, partnerId))?.role === CONSENTING_ROLE;
}
