import type { DomainEvent, StoredEvent } from '../../shared/domain/domain-event.js';
import {
  type InstanceSnapshot,
  type PreviousAttributes,
  snapshotFromJson,
  snapshotToJson,
} from './instance-snapshot.js';

/**
 * What every lifecycle event of an instance carries. `organizationId` is the organization that
 * owned the instance when the change happened (for a transfer: the one it left), so that the
 * outbox row names the organization that acted. `snapshot` is the instance as its owner saw it
 * right after the change, `previousAttributes` what the change replaced. Published at least once:
 * handlers are idempotent.
 */
abstract class InstanceEvent implements DomainEvent {
  constructor(
    readonly eventId: string,
    readonly instanceId: string,
    readonly organizationId: string,
    readonly occurredAt: Date,
    readonly snapshot: InstanceSnapshot,
    readonly previousAttributes?: PreviousAttributes,
  ) {}

  get aggregateId(): string {
    return this.instanceId;
  }

  toPayload(): Record<string, unknown> {
    return {
      ...this.ownPayload(),
      instance: snapshotToJson(this.snapshot),
      ...(this.previousAttributes && { previous_attributes: this.previousAttributes }),
    };
  }

  protected abstract ownPayload(): Record<string, unknown>;
}

/** What every stored instance event gives back, whatever its type. */
function common(stored: StoredEvent) {
  const payload = stored.payload as { instance: Record<string, unknown>; previous_attributes?: PreviousAttributes };
  return {
    payload: stored.payload as Record<string, string>,
    snapshot: snapshotFromJson(payload.instance),
    previous: payload.previous_attributes,
  };
}

/** The instance got a new display name. */
export class InstanceRenamed extends InstanceEvent {
  static readonly eventType = 'InstanceRenamed';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.renamed';

  constructor(
    eventId: string,
    instanceId: string,
    organizationId: string,
    readonly handle: string,
    readonly name: string,
    readonly previousName: string,
    occurredAt: Date,
    snapshot: InstanceSnapshot,
  ) {
    super(eventId, instanceId, organizationId, occurredAt, snapshot, { name: previousName });
  }

  protected ownPayload(): Record<string, unknown> {
    return { instance_id: this.instanceId, handle: this.handle, name: this.name, previous_name: this.previousName };
  }

  static fromStored(stored: StoredEvent): InstanceRenamed {
    const { payload, snapshot } = common(stored);
    return new InstanceRenamed(
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.handle,
      payload.name,
      payload.previous_name,
      stored.occurredAt,
      snapshot,
    );
  }
}

abstract class AuthorizationEvent extends InstanceEvent {
  constructor(
    eventId: string,
    instanceId: string,
    organizationId: string,
    /** The organization that may (or may no longer) be given the instance. */
    readonly authorizedOrganizationId: string,
    occurredAt: Date,
    snapshot: InstanceSnapshot,
    previousAttributes: PreviousAttributes,
  ) {
    super(eventId, instanceId, organizationId, occurredAt, snapshot, previousAttributes);
  }

  protected ownPayload(): Record<string, unknown> {
    return { instance_id: this.instanceId, authorized_organization_id: this.authorizedOrganizationId };
  }

  protected static parts(
    stored: StoredEvent,
  ): [string, string, string, string, Date, InstanceSnapshot, PreviousAttributes] {
    const { payload, snapshot, previous } = common(stored);
    return [
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.authorized_organization_id,
      stored.occurredAt,
      snapshot,
      previous ?? {},
    ];
  }
}

/** The owner authorized an organization: the instance may now be transferred to it. */
export class InstanceOrganizationAuthorized extends AuthorizationEvent {
  static readonly eventType = 'InstanceOrganizationAuthorized';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.organization_authorized';

  static fromStored(stored: StoredEvent): InstanceOrganizationAuthorized {
    return new InstanceOrganizationAuthorized(...AuthorizationEvent.parts(stored));
  }
}

/** The owner withdrew an organization's authorization. */
export class InstanceOrganizationUnauthorized extends AuthorizationEvent {
  static readonly eventType = 'InstanceOrganizationUnauthorized';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.organization_unauthorized';

  static fromStored(stored: StoredEvent): InstanceOrganizationUnauthorized {
    return new InstanceOrganizationUnauthorized(...AuthorizationEvent.parts(stored));
  }
}

/** The instance now belongs to another organization; `organizationId` is the one it left. */
export class InstanceTransferred extends InstanceEvent {
  static readonly eventType = 'InstanceTransferred';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.transferred';

  constructor(
    eventId: string,
    instanceId: string,
    readonly fromOrganizationId: string,
    readonly toOrganizationId: string,
    readonly handle: string,
    occurredAt: Date,
    snapshot: InstanceSnapshot,
    previousAttributes: PreviousAttributes,
  ) {
    super(eventId, instanceId, fromOrganizationId, occurredAt, snapshot, previousAttributes);
  }

  protected ownPayload(): Record<string, unknown> {
    return {
      instance_id: this.instanceId,
      handle: this.handle,
      from_organization_id: this.fromOrganizationId,
      to_organization_id: this.toOrganizationId,
    };
  }

  static fromStored(stored: StoredEvent): InstanceTransferred {
    const { payload, snapshot, previous } = common(stored);
    return new InstanceTransferred(
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.to_organization_id,
      payload.handle,
      stored.occurredAt,
      snapshot,
      previous ?? {},
    );
  }
}

/** The instance was removed; its handle stays reserved. The snapshot is its last state. */
export class InstanceDeleted extends InstanceEvent {
  static readonly eventType = 'InstanceDeleted';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.deleted';

  constructor(
    eventId: string,
    instanceId: string,
    organizationId: string,
    readonly handle: string,
    occurredAt: Date,
    snapshot: InstanceSnapshot,
  ) {
    super(eventId, instanceId, organizationId, occurredAt, snapshot);
  }

  protected ownPayload(): Record<string, unknown> {
    return { instance_id: this.instanceId, handle: this.handle };
  }

  static fromStored(stored: StoredEvent): InstanceDeleted {
    const { payload, snapshot } = common(stored);
    return new InstanceDeleted(
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.handle,
      stored.occurredAt,
      snapshot,
    );
  }
}
