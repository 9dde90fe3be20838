import type { DomainEvent, StoredEvent } from '../../shared/domain/domain-event.js';
import type { StoredPayload } from '../../shared/domain/stored-payload.js';
import {
  type InstanceSnapshot,
  type InstanceSnapshotJson,
  type PreviousAttributes,
  readSnapshotJson,
  snapshotFromJson,
  snapshotToJson,
} from './instance-snapshot.js';

/** What every instance event is made of; its id, handle, name and owner come from the snapshot. */
export interface InstanceEventProps {
  eventId: string;
  occurredAt: Date;
  /** The instance as its owner saw it right after the change. */
  snapshot: InstanceSnapshot;
}

/** What every instance event's payload holds besides its own fields. */
export type InstanceEventPayload = {
  instance_id: string;
  instance: InstanceSnapshotJson;
  /** What the change replaced, by wire names; absent when nothing was (creation, deletion). */
  previous_attributes?: PreviousAttributes;
};

/**
 * An event of one instance. `organizationId` is the organization that owned the instance when it
 * happened (for a transfer: the one it left), so that the outbox row names the organization that
 * acted. Published at least once: handlers are idempotent (`eventId` is stable across redeliveries).
 */
export abstract class InstanceEvent implements DomainEvent {
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly snapshot: InstanceSnapshot;
  readonly previousAttributes: PreviousAttributes | undefined;

  protected constructor(props: InstanceEventProps & { previousAttributes?: PreviousAttributes }) {
    this.eventId = props.eventId;
    this.occurredAt = props.occurredAt;
    this.snapshot = props.snapshot;
    this.previousAttributes = props.previousAttributes;
  }

  get instanceId(): string {
    return this.snapshot.id;
  }

  get aggregateId(): string {
    return this.snapshot.id;
  }

  get organizationId(): string {
    return this.snapshot.organizationId;
  }

  abstract toPayload(): InstanceEventPayload;

  protected commonPayload(): InstanceEventPayload {
    return {
      instance_id: this.instanceId,
      instance: snapshotToJson(this.snapshot),
      ...(this.previousAttributes && { previous_attributes: this.previousAttributes }),
    };
  }
}

export function readInstanceEventPayload(payload: StoredPayload): InstanceEventPayload {
  const previous = payload.optionalRecord('previous_attributes');
  return {
    instance_id: payload.string('instance_id'),
    instance: readSnapshotJson(payload.object('instance')),
    ...(previous && { previous_attributes: previous }),
  };
}

/** The props every stored instance event gives back, once its payload was read. */
export function instanceEventProps(stored: StoredEvent, payload: InstanceEventPayload): InstanceEventProps {
  return { eventId: stored.eventId, occurredAt: stored.occurredAt, snapshot: snapshotFromJson(payload.instance) };
}
