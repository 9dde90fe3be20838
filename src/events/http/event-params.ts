import { ParseUUIDPipe } from '@nestjs/common';
import { notFoundUuid } from '../../shared/http/uuid-param.js';

export const eventIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Event not found.') });

/** Events per page when `itemsPerPage` is not given. */
export const DEFAULT_ITEMS = 30;
