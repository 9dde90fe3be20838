import { DomainError } from '../../shared/domain/domain-error.js';

export type OrganizationErrorCode =
  | 'organization_not_found'
  | 'member_not_found'
  | 'still_owns_instances'
  | 'not_an_owner'
  | 'invitation_required'
  | 'invitation_not_found'
  | 'invitation_not_pending'
  | 'too_many_invitations';

export class OrganizationError extends DomainError<OrganizationErrorCode> {
  static notFound(): OrganizationError {
    return new OrganizationError('organization_not_found', 'Organization not found.');
  }

  static memberNotFound(): OrganizationError {
    return new OrganizationError('member_not_found', 'This partner is not a member of the organization.');
  }

  static notAnOwner(): OrganizationError {
    return new OrganizationError(
      'not_an_owner',
      'Only organization owners can manage members; a member can only remove itself (leave).',
    );
  }

  /** Adding a partner takes its consent: an owner invites, the partner accepts. */
  static invitationRequired(): OrganizationError {
    return new OrganizationError(
      'invitation_required',
      'This partner is not a member of the organization, and a partner joins only with its consent: send it an invitation (POST /api/organizations/{organizationId}/invitations with its email and role); it becomes a member when it accepts. This request changes the role of existing members only.',
    );
  }

  static stillOwnsInstances(): OrganizationError {
    return new OrganizationError(
      'still_owns_instances',
      'The organization still owns instances. Transfer or delete them before deleting the organization.',
    );
  }

  static invitationNotFound(): OrganizationError {
    return new OrganizationError('invitation_not_found', 'Invitation not found.');
  }

  static invitationNotPending(status: string): OrganizationError {
    return new OrganizationError('invitation_not_pending', `This invitation is ${status}: it cannot be used any more.`);
  }

  static tooManyInvitations(limit: number): OrganizationError {
    return new OrganizationError(
      'too_many_invitations',
      `Too many invitations: an organization may send at most ${limit} per hour. Retry later.`,
    );
  }
}
