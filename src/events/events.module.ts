import { Module, OnModuleInit } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/index.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { OpenApiTagRegistry } from '../shared/http/openapi-tags.js';
import { GetEventHandler } from './application/get-event/get-event.handler.js';
import { ListEventsHandler } from './application/list-events/list-events.handler.js';
import { EVENT_PROPERTIES, EVENT_TYPE, PublicEvents } from './application/public-events.js';
import { EventFeed } from './domain/event-feed.js';
import { EventResource } from './http/event.resource.js';
import { EventsController } from './http/events.controller.js';
import { SqlEventFeed } from './infrastructure/sql-event-feed.js';
import { EVENT_FEED_ERROR_STATUSES } from './http/event-feed-error.statuses.js';

/**
 * Events that leave the process: the organization's events feed, and the one public shape of an
 * event (PublicEvents) that webhooks and the broker relay send.
 */
@Module({
  imports: [OrganizationsModule],
  controllers: [EventsController],
  providers: [
    EVENT_FEED_ERROR_STATUSES,
    PublicEvents,
    { provide: EventFeed, useClass: SqlEventFeed },
    ListEventsHandler,
    GetEventHandler,
  ],
  exports: [PublicEvents],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    tags: OpenApiTagRegistry,
  ) {
    tags.register({
      name: 'Events',
      description: "The organization's events feed (the record of what happened to its instances).",
      order: 70,
    });
  }

  onModuleInit(): void {
    this.contexts.register(EVENT_TYPE, EVENT_PROPERTIES, EventResource);
  }
}
