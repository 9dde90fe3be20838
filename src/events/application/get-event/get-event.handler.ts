import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { LoggedEvent } from '../../../shared/outbox/event-subscriber.js';
import { EventFeed, EventFeedError } from '../../domain/event-feed.js';
import { PublicEvents } from '../public-events.js';
import { GetEventQuery } from './get-event.query.js';

@QueryHandler(GetEventQuery)
export class GetEventHandler implements IQueryHandler<GetEventQuery> {
  constructor(
    private readonly feed: EventFeed,
    private readonly events: PublicEvents,
  ) {}

  async execute(query: GetEventQuery): Promise<LoggedEvent> {
    const types = this.events.storedTypes(this.events.publicTypes()) ?? [];
    const event = await this.feed.findOne(query.organizationId, query.eventId, types);
    if (!event) throw EventFeedError.notFound();
    return event;
  }
}
