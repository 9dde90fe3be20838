import { domainErrorStatuses } from '../../shared/http/domain-error-statuses.js';
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

/** The module's status table, registered for the global ProblemFilter (list it in the module's providers). */
export const ORGANIZATION_ERROR_STATUSES = domainErrorStatuses(OrganizationError, STATUS);
