export const ORGANIZATION_ROLES = ['owner', 'member'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** Port: what the caller is in an organization. The organizations module provides it. */
export abstract class OrganizationMembershipReader {
  /** `undefined` when the organization does not exist; `null` role when the caller is not a member. */
  abstract roleOf(organizationId: string, partnerId: string): Promise<{ role: OrganizationRole | null } | undefined>;
}
