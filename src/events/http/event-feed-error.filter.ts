import { domainErrorFilter } from '../../shared/http/domain-error.filter.js';
import { EventFeedError, type EventFeedErrorCode } from '../domain/event-feed.js';

const STATUS: Record<EventFeedErrorCode, number> = {
  event_not_found: 404,
  unknown_cursor: 400,
};

export const EventFeedErrorFilter = domainErrorFilter(EventFeedError, STATUS);
