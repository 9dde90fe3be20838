import { ParseUUIDPipe } from '@nestjs/common';
import { notFoundUuid } from '../../shared/http/uuid-param.js';

export const endpointIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Webhook endpoint not found.') });
