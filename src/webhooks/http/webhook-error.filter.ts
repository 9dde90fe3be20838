import { domainErrorFilter } from '../../shared/http/domain-error.filter.js';
import { WebhookError, type WebhookErrorCode } from '../domain/webhook-endpoint.js';

const STATUS: Record<WebhookErrorCode, number> = { endpoint_not_found: 404 };

export const WebhookErrorFilter = domainErrorFilter(WebhookError, STATUS);
