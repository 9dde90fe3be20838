/**
 * Port: what a partner is in an organization, for the organization role guard and any use case
 * that asks. The module that owns organizations provides it, and with it the roles' vocabulary:
 * the kernel only knows that a role is a name and that the port says what it grants.
 */
export abstract class OrganizationMembershipReader {
  /** `undefined` when the organization does not exist; `null` role when the partner is not a member. */
  abstract roleOf(organizationId: string, partnerId: string): Promise<{ role: string | null } | undefined>;

  /** Whether a member holding `held` may do what a route requiring the role `required` allows. */
  abstract grants(held: string, required: string): boolean;
}
