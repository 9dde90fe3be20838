import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../domain/domain-event.js';
import { DomainEventRegistry } from './domain-event-registry.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

/** Records domain events in the caller's transaction, so they commit or roll back with the change. */
@Injectable()
export class OutboxWriter {
  constructor(private readonly registry: DomainEventRegistry) {}

  async record(manager: EntityManager, ...events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.getRepository(OutboxEventEntity).insert(
      events.map((event): OutboxEventEntity => {
        const eventClass = this.registry.typeOf(event);
        return {
          id: event.eventId,
          type: eventClass.eventType,
          version: eventClass.eventVersion,
          aggregateId: event.aggregateId,
          organizationId: event.organizationId,
          payload: event.toPayload(),
          occurredAt: event.occurredAt,
          publishedAt: null,
        };
      }),
    );
  }
}
