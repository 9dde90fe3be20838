import { domainErrorStatuses } from '../../shared/http/domain-error-statuses.js';
import { IdentityError, type IdentityErrorCode } from '../domain/identity.errors.js';

const STATUS: Record<IdentityErrorCode, number> = {
  partner_not_found: 404,
  api_key_not_found: 404,
};

/** The module's status table, registered for the global ProblemFilter (list it in the module's providers). */
export const IDENTITY_ERROR_STATUSES = domainErrorStatuses(IdentityError, STATUS);
