import type { FastifyRequest } from 'fastify';
import type { OrganizationMembershipReader, OrganizationRole } from './organization-role.js';

/**
 * The caller's role in an organization: a partner's membership, or for an integration token the
 * owner role in the token's own organization (its scopes then decide what it may do) and none in
 * any other, exactly like an outsider. `undefined` when the organization does not exist.
 */
export async function roleOfCaller(
  memberships: OrganizationMembershipReader,
  organizationId: string,
  request: FastifyRequest,
): Promise<{ role: OrganizationRole | null } | undefined> {
  const integration = request.integration;
  if (!integration) return request.partner && memberships.roleOf(organizationId, request.partner.id);
  // The integration's id is no partner's, so this only tells whether the organization exists.
  const organization = await memberships.roleOf(organizationId, integration.integrationId);
  if (!organization) return undefined;
  return { role: organizationId === integration.organizationId ? 'owner' : null };
}
