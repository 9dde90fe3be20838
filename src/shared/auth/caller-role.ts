import type { FastifyRequest } from 'fastify';
import type { OrganizationMembershipReader } from './organization-role.js';

/**
 * Whether the caller holds `role` in an organization (any role when `role` is undefined: a
 * member): a partner by its membership; an integration token holds every role in the token's own
 * organization (its scopes then decide what it may do) and none in any other, exactly like an
 * outsider. `undefined` when the organization does not exist.
 */
export async function callerHolds(
  memberships: OrganizationMembershipReader,
  organizationId: string,
  request: FastifyRequest,
  role: string | undefined,
): Promise<boolean | undefined> {
  const integration = request.integration;
  if (!integration) {
    const membership = request.partner && (await memberships.roleOf(organizationId, request.partner.id));
    if (!membership) return undefined;
    return membership.role !== null && (role === undefined || memberships.grants(membership.role, role));
  }
  // The integration's id is no partner's, so this only tells whether the organization exists.
  const organization = await memberships.roleOf(organizationId, integration.integrationId);
  if (!organization) return undefined;
  return organizationId === integration.organizationId;
}
