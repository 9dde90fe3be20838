import { DomainError } from '../../shared/domain/domain-error.js';
import type { LoggedEvent } from '../../shared/outbox/event-subscriber.js';

export interface EventPageCriteria {
  organizationId: string;
  /** Only events after this one (an event id of the organization's feed); undefined: from the start. */
  after?: string;
  /** Stored event types to include. */
  types: readonly string[];
  limit: number;
}

/**
 * Port: the organization's events, oldest first, in the log's commit-safe order: an event appears
 * only once every event before it is visible, so a consumer polling with `after` misses none.
 */
export abstract class EventFeed {
  abstract page(criteria: EventPageCriteria): Promise<LoggedEvent[]>;
  abstract findOne(organizationId: string, eventId: string, types: readonly string[]): Promise<LoggedEvent | undefined>;
}

export type EventFeedErrorCode = 'event_not_found' | 'unknown_cursor';

export class EventFeedError extends DomainError<EventFeedErrorCode> {
  static notFound(): EventFeedError {
    return new EventFeedError('event_not_found', 'Event not found.');
  }

  static unknownCursor(): EventFeedError {
    return new EventFeedError('unknown_cursor', '"after" is not the id of an event of this organization.');
  }
}
