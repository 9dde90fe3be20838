import { Injectable } from '@nestjs/common';
import type { DomainEventClass } from '../domain/domain-event.js';

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

  typeOf(event: object): DomainEventClass {
    const eventClass = event.constructor as unknown as DomainEventClass;
    if (typeof eventClass.eventType !== 'string') {
      throw new Error(`${event.constructor.name} is not a domain event class (no static eventType)`);
    }
    return eventClass;
  }
}
