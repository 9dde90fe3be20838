import { domainErrorStatuses } from '../../shared/http/domain-error-statuses.js';
import { InstanceError, type InstanceErrorCode } from '../domain/instance.errors.js';

const STATUS: Record<InstanceErrorCode, number> = {
  instance_not_found: 404,
  organization_not_found: 404,
};

/** The module's status table, registered for the global ProblemFilter (list it in the module's providers). */
export const INSTANCE_ERROR_STATUSES = domainErrorStatuses(InstanceError, STATUS);
