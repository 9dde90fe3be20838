import { domainErrorFilter } from '../../shared/http/domain-error.filter.js';
import { IdentityError, type IdentityErrorCode } from '../domain/identity.errors.js';

const STATUS: Record<IdentityErrorCode, number> = {
  partner_not_found: 404,
  api_key_not_found: 404,
};

export const IdentityErrorFilter = domainErrorFilter(IdentityError, STATUS);
