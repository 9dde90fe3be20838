import { domainErrorFilter } from '../../shared/http/domain-error.filter.js';
import { InstanceError, type InstanceErrorCode } from '../domain/instance.errors.js';

const STATUS: Record<InstanceErrorCode, number> = {
  instance_not_found: 404,
  organization_not_found: 404,
};

export const InstanceErrorFilter = domainErrorFilter(InstanceError, STATUS);
