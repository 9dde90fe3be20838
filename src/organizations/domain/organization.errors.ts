import { DomainError } from '../../shared/domain/domain-error.js';

export type OrganizationErrorCode =
  'organization_not_found' | 'member_not_found' | 'partner_not_found' | 'still_owns_instances' | 'not_an_owner';

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

  static partnerNotFound(): OrganizationError {
    return new OrganizationError('partner_not_found', 'Partner not found.');
  }

  static stillOwnsInstances(): OrganizationError {
    return new OrganizationError(
      'still_owns_instances',
      'The organization still owns instances. Transfer or delete them before deleting the organization.',
    );
  }
}
