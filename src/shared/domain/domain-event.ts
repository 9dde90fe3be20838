import type { IEvent } from '@nestjs/cqrs';

/** What every domain event carries, so that the outbox can store it and the relay rebuild it. */
export interface DomainEvent extends IEvent {
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly aggregateId: string;
  readonly organizationId: string;
  /** The event's own data, as JSON. */
  toPayload(): Record<string, unknown>;
}

/** A stored event, as the relay reads it back. */
export interface StoredEvent {
  eventId: string;
  occurredAt: Date;
  aggregateId: string;
  organizationId: string;
  payload: Record<string, unknown>;
}

/** The static side of an event class: its stable name, schema version, and how to rebuild it. */
export interface DomainEventClass<E extends DomainEvent = DomainEvent> {
  readonly eventType: string;
  readonly eventVersion: number;
  fromStored(stored: StoredEvent): E;
}
