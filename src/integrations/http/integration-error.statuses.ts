import { domainErrorStatuses } from '../../shared/http/domain-error-statuses.js';
import { IntegrationError, type IntegrationErrorCode } from '../domain/integration.errors.js';

const STATUS: Record<IntegrationErrorCode, number> = {
  integration_not_found: 404,
};

/** The module's status table, registered for the global ProblemFilter (list it in the module's providers). */
export const INTEGRATION_ERROR_STATUSES = domainErrorStatuses(IntegrationError, STATUS);
