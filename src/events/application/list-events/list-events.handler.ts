import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { LoggedEvent } from '../../../shared/outbox/event-subscriber.js';
import { EventFeed } from '../../domain/event-feed.js';
import { PublicEvents } from '../public-events.js';
import { ListEventsQuery } from './list-events.query.js';

@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery> {
  constructor(
    private readonly feed: EventFeed,
    private readonly events: PublicEvents,
  ) {}

  async execute(query: ListEventsQuery): Promise<LoggedEvent[]> {
    const types = this.events.storedTypes(query.types.length > 0 ? query.types : this.events.publicTypes()) ?? [];
    return this.feed.page({ organizationId: query.organizationId, after: query.after, types, limit: query.limit });
  }
}
