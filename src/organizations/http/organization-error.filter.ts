import { domainErrorFilter } from '../../shared/http/domain-error.filter.js';
import { OrganizationError, type OrganizationErrorCode } from '../domain/organization.errors.js';

const STATUS: Record<OrganizationErrorCode, number> = {
  organization_not_found: 404,
  member_not_found: 404,
  still_owns_instances: 403,
  not_an_owner: 403,
  invitation_required: 404,
  invitation_not_found: 404,
  invitation_not_pending: 409,
  too_many_invitations: 429,
};

export const OrganizationErrorFilter = domainErrorFilter(OrganizationError, STATUS);
