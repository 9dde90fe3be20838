export const ORGANIZATION_ROLES = ['owner', 'member'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** An owner may do whatever a member may; a member only what members may. */
export function roleGrants(held: OrganizationRole, required: string): boolean {
  return held === 'owner' || held === required;
}
