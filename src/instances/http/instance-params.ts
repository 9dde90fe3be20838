import { ParseUUIDPipe } from '@nestjs/common';
import { notFoundUuid } from '../../shared/http/uuid-param.js';

/** How the original service's docs describe the path identifiers of instance operations. */
export const IDENTIFIER = 'OrganizationInstancesResource identifier';

export const instanceIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Instance not found.') });
