import type { DomainEvent, StoredEvent } from '../../shared/domain/domain-event.js';

/**
 * An instance was created. Delivered from the outbox to every `@EventsHandler` of it, at least once:
 * handlers must be idempotent (`eventId` is stable across redeliveries).
 */
export class InstanceCreated implements DomainEvent {
  static readonly eventType = 'InstanceCreated';
  static readonly eventVersion = 1;

  constructor(
    readonly eventId: string,
    readonly instanceId: string,
    readonly handle: string,
    readonly name: string,
    /** The organization that created the instance. */
    readonly organizationId: string,
    readonly occurredAt: Date,
  ) {}

  get aggregateId(): string {
    return this.instanceId;
  }

  toPayload(): Record<string, unknown> {
    return {
      instance_id: this.instanceId,
      handle: this.handle,
      name: this.name,
      organization_id: this.organizationId,
      created_at: this.occurredAt.toISOString(),
    };
  }

  static fromStored(stored: StoredEvent): InstanceCreated {
    const payload = stored.payload as { handle: string; name: string };
    return new InstanceCreated(
      stored.eventId,
      stored.aggregateId,
      payload.handle,
      payload.name,
      stored.organizationId,
      stored.occurredAt,
    );
  }
}
