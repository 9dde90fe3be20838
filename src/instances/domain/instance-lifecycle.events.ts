import type { DomainEvent, StoredEvent } from '../../shared/domain/domain-event.js';

/**
 * What every lifecycle event of an instance carries. `organizationId` is the organization that
 * owned the instance when the change happened (for a transfer: the one it left), so that the
 * outbox row names the organization that acted. Published at least once: handlers are idempotent.
 */
abstract class InstanceEvent implements DomainEvent {
  constructor(
    readonly eventId: string,
    readonly instanceId: string,
    readonly organizationId: string,
    readonly occurredAt: Date,
  ) {}

  get aggregateId(): string {
    return this.instanceId;
  }

  abstract toPayload(): Record<string, unknown>;
}

/** The instance got a new display name. */
export class InstanceRenamed extends InstanceEvent {
  static readonly eventType = 'InstanceRenamed';
  static readonly eventVersion = 1;

  constructor(
    eventId: string,
    instanceId: string,
    organizationId: string,
    readonly handle: string,
    readonly name: string,
    readonly previousName: string,
    occurredAt: Date,
  ) {
    super(eventId, instanceId, organizationId, occurredAt);
  }

  toPayload(): Record<string, unknown> {
    return { instance_id: this.instanceId, handle: this.handle, name: this.name, previous_name: this.previousName };
  }

  static fromStored(stored: StoredEvent): InstanceRenamed {
    const payload = stored.payload as { handle: string; name: string; previous_name: string };
    return new InstanceRenamed(
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.handle,
      payload.name,
      payload.previous_name,
      stored.occurredAt,
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
  ) {
    super(eventId, instanceId, organizationId, occurredAt);
  }

  toPayload(): Record<string, unknown> {
    return { instance_id: this.instanceId, authorized_organization_id: this.authorizedOrganizationId };
  }

  protected static parts(stored: StoredEvent): [string, string, string, string, Date] {
    const payload = stored.payload as { authorized_organization_id: string };
    return [
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.authorized_organization_id,
      stored.occurredAt,
    ];
  }
}

/** The owner authorized an organization: the instance may now be transferred to it. */
export class InstanceOrganizationAuthorized extends AuthorizationEvent {
  static readonly eventType = 'InstanceOrganizationAuthorized';
  static readonly eventVersion = 1;

  static fromStored(stored: StoredEvent): InstanceOrganizationAuthorized {
    return new InstanceOrganizationAuthorized(...AuthorizationEvent.parts(stored));
  }
}

/** The owner withdrew an organization's authorization. */
export class InstanceOrganizationUnauthorized extends AuthorizationEvent {
  static readonly eventType = 'InstanceOrganizationUnauthorized';
  static readonly eventVersion = 1;

  static fromStored(stored: StoredEvent): InstanceOrganizationUnauthorized {
    return new InstanceOrganizationUnauthorized(...AuthorizationEvent.parts(stored));
  }
}

/** The instance now belongs to another organization; `organizationId` is the one it left. */
export class InstanceTransferred extends InstanceEvent {
  static readonly eventType = 'InstanceTransferred';
  static readonly eventVersion = 1;

  constructor(
    eventId: string,
    instanceId: string,
    readonly fromOrganizationId: string,
    readonly toOrganizationId: string,
    readonly handle: string,
    occurredAt: Date,
  ) {
    super(eventId, instanceId, fromOrganizationId, occurredAt);
  }

  toPayload(): Record<string, unknown> {
    return {
      instance_id: this.instanceId,
      handle: this.handle,
      from_organization_id: this.fromOrganizationId,
      to_organization_id: this.toOrganizationId,
    };
  }

  static fromStored(stored: StoredEvent): InstanceTransferred {
    const payload = stored.payload as { handle: string; to_organization_id: string };
    return new InstanceTransferred(
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.to_organization_id,
      payload.handle,
      stored.occurredAt,
    );
  }
}

/** The instance was removed; its handle stays reserved. */
export class InstanceDeleted extends InstanceEvent {
  static readonly eventType = 'InstanceDeleted';
  static readonly eventVersion = 1;

  constructor(
    eventId: string,
    instanceId: string,
    organizationId: string,
    readonly handle: string,
    occurredAt: Date,
  ) {
    super(eventId, instanceId, organizationId, occurredAt);
  }

  toPayload(): Record<string, unknown> {
    return { instance_id: this.instanceId, handle: this.handle };
  }

  static fromStored(stored: StoredEvent): InstanceDeleted {
    const payload = stored.payload as { handle: string };
    return new InstanceDeleted(
      stored.eventId,
      stored.aggregateId,
      stored.organizationId,
      payload.handle,
      stored.occurredAt,
    );
  }
}
