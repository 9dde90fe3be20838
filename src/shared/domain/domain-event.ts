import type { IEvent } from '@nestjs/cqrs';

/** What every domain event carries, so that the outbox can store it and the relay rebuild it. */
export interface DomainEvent extends IEvent {
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly aggregateId: string;
  readonly organizationId: string;
  /** The event's own data, as JSON: the payload of the class's current `eventVersion`. */
  toPayload(): Record<string, unknown>;
}

/** A stored event, as the relay reads it back. */
export interface StoredEvent {
  eventId: string;
  /** The `eventVersion` of the class that wrote it: which shape `payload` has. */
  version: number;
  occurredAt: Date;
  aggregateId: string;
  organizationId: string;
  payload: Record<string, unknown>;
}

/**
 * The static side of an event class: its stable name, schema version, and how to rebuild it.
 * `fromStored` reads every version from 1 to `eventVersion` (docs/event-versions.md) and checks
 * the payload: a stored event it cannot read throws a `MalformedStoredEvent`.
 */
export interface DomainEventClass<E extends DomainEvent = DomainEvent> {
  readonly eventType: string;
  readonly eventVersion: number;
  fromStored(stored: StoredEvent): E;
}
