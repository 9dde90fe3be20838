import type { StoredEvent } from '../../shared/domain/domain-event.js';
import { StoredPayload } from '../../shared/domain/stored-payload.js';
import {
  InstanceEvent,
  type InstanceEventPayload,
  type InstanceEventProps,
  instanceEventProps,
  readInstanceEventPayload,
} from './instance-event.js';

type InstanceCreatedPayload = InstanceEventPayload & {
  handle: string;
  name: string;
  organization_id: string;
  created_at: string;
};

/**
 * An instance was created (`organizationId`: the organization that created it). Delivered from the
 * outbox to every subscriber of it, at least once: handlers must be idempotent.
 */
export class InstanceCreated extends InstanceEvent {
  static readonly eventType = 'InstanceCreated';
  /** 2: the payload carries the instance as its owner saw it (`instance`). */
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.created';

  constructor(props: InstanceEventProps) {
    super(props);
  }

  get handle(): string {
    return this.snapshot.handle;
  }

  get name(): string {
    return this.snapshot.name;
  }

  toPayload(): InstanceCreatedPayload {
    return {
      ...this.commonPayload(),
      handle: this.handle,
      name: this.name,
      organization_id: this.organizationId,
      created_at: this.occurredAt.toISOString(),
    };
  }

  static fromStored(stored: StoredEvent): InstanceCreated {
    const json = StoredPayload.of(stored, InstanceCreated);
    const payload = stored.version === 1 ? fromVersion1(stored, json) : readPayload(json);
    return new InstanceCreated(instanceEventProps(stored, payload));
  }
}

function readPayload(json: StoredPayload): InstanceCreatedPayload {
  return {
    ...readInstanceEventPayload(json),
    handle: json.string('handle'),
    name: json.string('name'),
    organization_id: json.string('organization_id'),
    created_at: json.timestamp('created_at'),
  };
}

/**
 * Version 1 has no `instance` (bulk loads, `bench/seed.mjs`, still write it), but a new instance is
 * all in the row: the creator owns it, it was created when the event occurred, nobody is authorized.
 */
function fromVersion1(stored: StoredEvent, json: StoredPayload): InstanceCreatedPayload {
  const handle = json.string('handle');
  const name = json.string('name');
  const createdAt = stored.occurredAt.toISOString();
  return {
    instance_id: stored.aggregateId,
    handle,
    name,
    organization_id: stored.organizationId,
    created_at: createdAt,
    instance: {
      id: stored.aggregateId,
      name,
      handle,
      created_at: createdAt,
      updated_at: createdAt,
      organization_id: stored.organizationId,
      created_by_organization_id: stored.organizationId,
      authorized_organization_ids: [],
    },
  };
}
