import { domainErrorFilter } from '../../shared/http/domain-error.filter.js';
import { IntegrationError, type IntegrationErrorCode } from '../domain/integration.errors.js';

const STATUS: Record<IntegrationErrorCode, number> = {
  integration_not_found: 404,
};

export const IntegrationErrorFilter = domainErrorFilter(IntegrationError, STATUS);
