import { Injectable, type Type } from '@nestjs/common';
import type { DomainEvent, DomainEventClass } from '../domain/domain-event.js';

/** A domain event that leaves the process (events feed, webhooks, broker), and how it looks there. */
export interface PublicEventType<E extends DomainEvent = DomainEvent> {
  eventClass: DomainEventClass<E>;
  /** Its name on the wire, e.g. `instance.created`. */
  publicType: string;
  /** Its `data` on the wire. */
  render(event: E): Record<string, unknown>;
  /** The OpenAPI schema of `data` (a class with @nestjs/swagger decorators). */
  dataSchema: Type;
  summary: string;
}

/** The event types modules publish; modules register theirs at start-up, as they do their classes. */
@Injectable()
export class PublicEventCatalog {
  private readonly byStored = new Map<string, PublicEventType>();
  private readonly byPublic = new Map<string, PublicEventType>();

  register<E extends DomainEvent>(...types: PublicEventType<E>[]): void {
    for (const type of types as unknown as PublicEventType[]) {
      this.byStored.set(type.eventClass.eventType, type);
      this.byPublic.set(type.publicType, type);
    }
  }

  ofStoredType(storedType: string): PublicEventType | undefined {
    return this.byStored.get(storedType);
  }

  ofPublicType(publicType: string): PublicEventType | undefined {
    return this.byPublic.get(publicType);
  }

  all(): PublicEventType[] {
    return [...this.byPublic.values()];
  }
}
