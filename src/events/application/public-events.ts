import { Injectable } from '@nestjs/common';
import { formatTimestamp } from '../../shared/http/json-ld.js';
import { DomainEventRegistry } from '../../shared/outbox/domain-event-registry.js';
import type { LoggedEvent } from '../../shared/outbox/event-subscriber.js';
import { PublicEventCatalog } from '../../shared/outbox/public-event-catalog.js';

export const EVENT_TYPE = 'Event';
export const EVENT_PROPERTIES = ['id', 'type', 'occurred_at', 'data'] as const;

export function eventIri(organizationId: string, eventId: string): string {
  return `/api/organizations/${organizationId}/events/${eventId}`;
}

/**
 * Events as they leave the process, the same in the events feed, in webhooks and on the broker:
 * `{"@id", "@type": "Event", "id", "type", "occurred_at", "data"}`.
 */
@Injectable()
export class PublicEvents {
  constructor(
    private readonly catalog: PublicEventCatalog,
    private readonly registry: DomainEventRegistry,
  ) {}

  /** The wire names of every public event type. */
  publicTypes(): string[] {
    return this.catalog.all().map((type) => type.publicType);
  }

  /** The stored types behind wire names; undefined when one of them is not a public type. */
  storedTypes(publicTypes: readonly string[]): string[] | undefined {
    const stored = publicTypes.map((name) => this.catalog.ofPublicType(name)?.eventClass.eventType);
    return stored.every((type) => type !== undefined) ? (stored as string[]) : undefined;
  }

  publicType(storedType: string): string | undefined {
    return this.catalog.ofStoredType(storedType)?.publicType;
  }

  /** The event as the organization `viewedFrom` sees it (its `@id` lies under that organization). */
  render(event: LoggedEvent, viewedFrom: string): Record<string, unknown> {
    const publicType = this.catalog.ofStoredType(event.type);
    if (!publicType) throw new Error(`Event type ${event.type} is not public`);
    const domainEvent = this.registry.rebuild(event);
    return {
      '@id': eventIri(viewedFrom, event.id),
      '@type': EVENT_TYPE,
      id: event.id,
      type: publicType.publicType,
      occurred_at: formatTimestamp(event.occurredAt),
      data: publicType.render(domainEvent),
    };
  }
}
