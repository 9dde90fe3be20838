import { ORGANIZATION_ROLES, type OrganizationRole } from './organization-role.js';
import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import { OrganizationError } from './organization.errors.js';

export type RosterChange = 'changed' | 'unchanged' | 'removed';

/**
 * The memberships of one organization, loaded under a lock, so that its rules hold under
 * concurrency: an organization always keeps at least one owner, and nobody becomes a member
 * without consenting (an accepted invitation; owners only change the roles of members).
 */
export class MembershipRoster {
  private readonly roles: Map<string, OrganizationRole>;

  constructor(memberships: ReadonlyMap<string, OrganizationRole>) {
    this.roles = new Map(memberships);
  }

  static parseRole(role: string | null | undefined): OrganizationRole {
    if (role === null || role === undefined || role === '') {
      throw ValidationFailed.single('role', 'This value should not be blank.', ViolationCode.NotBlank);
    }
    if (!(ORGANIZATION_ROLES as readonly string[]).includes(role)) {
      throw ValidationFailed.single(
        'role',
        `The value you selected is not a valid choice. Use one of: ${ORGANIZATION_ROLES.join(', ')}.`,
        ViolationCode.InvalidChoice,
      );
    }
    return role as OrganizationRole;
  }

  get memberships(): ReadonlyMap<string, OrganizationRole> {
    return this.roles;
  }

  /**
   * Promotes or demotes a member. A partner who is not a member cannot be added this way: joining
   * takes its consent, which is accepting an invitation (invitation_required).
   */
  changeRole(partnerId: string, role: OrganizationRole): RosterChange {
    const current = this.roles.get(partnerId);
    if (current === undefined) throw OrganizationError.invitationRequired();
    if (current === role) return 'unchanged';
    if (current === 'owner') this.assertAnotherOwner(partnerId);
    this.roles.set(partnerId, role);
    return 'changed';
  }

  /**
   * `requestedBy` removes `partnerId`: owners remove anyone, every member may remove itself (leave
   * the organization); the last owner can do neither. `requestedBy` null: a caller that holds the
   * owner role without being a member (the organization's own integration).
   */
  remove(partnerId: string, requestedBy: string | null): RosterChange {
    const asOwner = requestedBy === null || this.roles.get(requestedBy) === 'owner';
    if (requestedBy !== partnerId && !asOwner) throw OrganizationError.notAnOwner();
    const current = this.roles.get(partnerId);
    if (current === undefined) throw OrganizationError.memberNotFound();
    if (current === 'owner') this.assertAnotherOwner(partnerId);
    this.roles.delete(partnerId);
    return 'removed';
  }

  private assertAnotherOwner(leavingOwnerId: string): void {
    const otherOwners = [...this.roles].filter(([id, role]) => role === 'owner' && id !== leavingOwnerId);
    if (otherOwners.length === 0) {
      throw ValidationFailed.single(
        'role',
        'The last owner can be neither demoted nor removed. Make another member an owner first.',
        ViolationCode.InvalidChoice,
      );
    }
  }
}
