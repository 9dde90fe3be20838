import type { DomainEvent, StoredEvent } from '../../shared/domain/domain-event.js';
import { type InstanceSnapshot, snapshotFromJson, snapshotToJson } from './instance-snapshot.js';

/**
 * An instance was created. Delivered from the outbox to every subscriber of it, at least once:
 * handlers must be idempotent (`eventId` is stable across redeliveries).
 */
export class InstanceCreated implements DomainEvent {
  static readonly eventType = 'InstanceCreated';
  /** 2: the payload carries the instance as its owner saw it (`instance`). */
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.created';

  constructor(
    readonly eventId: string,
    readonly instanceId: string,
    readonly handle: string,
    readonly name: string,
    /** The organization that created the instance. */
    readonly organizationId: string,
    readonly occurredAt: Date,
    readonly snapshot: InstanceSnapshot,
  ) {}

  get aggregateId(): string {
    return this.instanceId;
  }

  get previousAttributes(): undefined {
    return undefined;
  }

  toPayload(): Record<string, unknown> {
    return {
      instance_id: this.instanceId,
      handle: this.handle,
      name: this.name,
      organization_id: this.organizationId,
      created_at: this.occurredAt.toISOString(),
      instance: snapshotToJson(this.snapshot),
    };
  }

  static fromStored(stored: StoredEvent): InstanceCreated {
    const payload = stored.payload as { handle: string; name: string; instance?: Record<string, unknown> };
    // Version 1 has no `instance`, but a new instance is all in it (bulk loads still write it).
    const snapshot = payload.instance
      ? snapshotFromJson(payload.instance)
      : {
          id: stored.aggregateId,
          name: payload.name,
          handle: payload.handle,
          createdAt: stored.occurredAt,
          updatedAt: stored.occurredAt,
          organizationId: stored.organizationId,
          createdByOrganizationId: stored.organizationId,
          authorizedOrganizationIds: [],
        };
    return new InstanceCreated(
      stored.eventId,
      stored.aggregateId,
      payload.handle,
      payload.name,
      stored.organizationId,
      stored.occurredAt,
      snapshot,
    );
  }
}
