import { domainErrorStatuses } from '../../shared/http/domain-error-statuses.js';
import { EventFeedError, type EventFeedErrorCode } from '../domain/event-feed.js';

const STATUS: Record<EventFeedErrorCode, number> = {
  event_not_found: 404,
  unknown_cursor: 400,
};

/** The module's status table, registered for the global ProblemFilter (list it in the module's providers). */
export const EVENT_FEED_ERROR_STATUSES = domainErrorStatuses(EventFeedError, STATUS);
