import { domainErrorStatuses } from '../../shared/http/domain-error-statuses.js';
import { WebhookError, type WebhookErrorCode } from '../domain/webhook-endpoint.js';

const STATUS: Record<WebhookErrorCode, number> = { endpoint_not_found: 404 };

/** The module's status table, registered for the global ProblemFilter (list it in the module's providers). */
export const WEBHOOK_ERROR_STATUSES = domainErrorStatuses(WebhookError, STATUS);
