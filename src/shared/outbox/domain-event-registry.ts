import { Injectable } from '@nestjs/common';
import type { DomainEvent, DomainEventClass } from '../domain/domain-event.js';
import type { LoggedEvent } from './event-subscriber.js';

/** Which class rebuilds a stored event of a given type; modules register the events they own. */
@Injectable()
export class DomainEventRegistry {
  private readonly classes = new Map<string, DomainEventClass>();

  register(...eventClasses: DomainEventClass[]): void {
    for (const eventClass of eventClasses) this.classes.set(eventClass.eventType, eventClass);
  }

  classOf(type: string): DomainEventClass | undefined {
    return this.classes.get(type);
  }

  /** The event a log row holds, read by its class (which checks the payload of the row's version). */
  rebuild(event: LoggedEvent): DomainEvent {
    const eventClass = this.classOf(event.type);
    // E.g. a replica of an older version during a deploy: retried, and one that knows it delivers it.
    if (!eventClass) throw new Error(`no event class registered for type ${event.type}`);
    return eventClass.fromStored({
      eventId: event.id,
      version: event.version,
      occurredAt: event.occurredAt,
      aggregateId: event.aggregateId,
      organizationId: event.organizationId,
      payload: event.payload,
    });
  }

  typeOf(event: object): DomainEventClass {
    const eventClass = event.constructor as unknown as DomainEventClass;
    if (typeof eventClass.eventType !== 'string') {
      throw new Error(`${event.constructor.name} is not a domain event class (no static eventType)`);
    }
    return eventClass;
  }
}
