import type { StoredEvent } from '../../shared/domain/domain-event.js';
import { StoredPayload } from '../../shared/domain/stored-payload.js';
import {
  InstanceEvent,
  type InstanceEventPayload,
  type InstanceEventProps,
  instanceEventProps,
  readInstanceEventPayload,
} from './instance-event.js';
import type { PreviousAttributes } from './instance-snapshot.js';

/*
 * The changes of an existing instance. Version 1 of these payloads had no `instance`: migration
 * InstanceEventSnapshots1796260000001 rebuilt those rows as version 2 (the snapshot needs the
 * instance row, which a reader does not have), so every reader here starts at version 2 and a
 * version 1 row is refused naming its missing `instance` (docs/event-versions.md).
 */

type InstanceRenamedPayload = InstanceEventPayload & { handle: string; name: string; previous_name: string };

/** The instance got a new display name. */
export class InstanceRenamed extends InstanceEvent {
  static readonly eventType = 'InstanceRenamed';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.renamed';

  readonly previousName: string;

  constructor(props: InstanceEventProps & { previousName: string }) {
    super({ ...props, previousAttributes: { name: props.previousName } });
    this.previousName = props.previousName;
  }

  get handle(): string {
    return this.snapshot.handle;
  }

  get name(): string {
    return this.snapshot.name;
  }

  toPayload(): InstanceRenamedPayload {
    return { ...this.commonPayload(), handle: this.handle, name: this.name, previous_name: this.previousName };
  }

  static fromStored(stored: StoredEvent): InstanceRenamed {
    const json = StoredPayload.of(stored, InstanceRenamed);
    const payload: InstanceRenamedPayload = {
      ...readInstanceEventPayload(json),
      handle: json.string('handle'),
      name: json.string('name'),
      previous_name: json.string('previous_name'),
    };
    return new InstanceRenamed({ ...instanceEventProps(stored, payload), previousName: payload.previous_name });
  }
}

type AuthorizationPayload = InstanceEventPayload & { authorized_organization_id: string };

interface AuthorizationProps extends InstanceEventProps {
  /** The organization that may (or may no longer) be given the instance. */
  authorizedOrganizationId: string;
  /** `authorized_organization_ids` before the change. */
  previousAttributes: PreviousAttributes;
}

abstract class AuthorizationEvent extends InstanceEvent {
  readonly authorizedOrganizationId: string;

  constructor(props: AuthorizationProps) {
    super(props);
    this.authorizedOrganizationId = props.authorizedOrganizationId;
  }

  toPayload(): AuthorizationPayload {
    return { ...this.commonPayload(), authorized_organization_id: this.authorizedOrganizationId };
  }

  protected static propsOf(
    stored: StoredEvent,
    eventClass: typeof InstanceOrganizationAuthorized | typeof InstanceOrganizationUnauthorized,
  ): AuthorizationProps {
    const json = StoredPayload.of(stored, eventClass);
    const payload: AuthorizationPayload = {
      ...readInstanceEventPayload(json),
      authorized_organization_id: json.string('authorized_organization_id'),
    };
    return {
      ...instanceEventProps(stored, payload),
      authorizedOrganizationId: payload.authorized_organization_id,
      previousAttributes: payload.previous_attributes ?? {},
    };
  }
}

/** The owner authorized an organization: the instance may now be transferred to it. */
export class InstanceOrganizationAuthorized extends AuthorizationEvent {
  static readonly eventType = 'InstanceOrganizationAuthorized';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.organization_authorized';

  static fromStored(stored: StoredEvent): InstanceOrganizationAuthorized {
    return new InstanceOrganizationAuthorized(AuthorizationEvent.propsOf(stored, InstanceOrganizationAuthorized));
  }
}

/** The owner withdrew an organization's authorization. */
export class InstanceOrganizationUnauthorized extends AuthorizationEvent {
  static readonly eventType = 'InstanceOrganizationUnauthorized';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.organization_unauthorized';

  static fromStored(stored: StoredEvent): InstanceOrganizationUnauthorized {
    return new InstanceOrganizationUnauthorized(AuthorizationEvent.propsOf(stored, InstanceOrganizationUnauthorized));
  }
}

type InstanceTransferredPayload = InstanceEventPayload & {
  handle: string;
  from_organization_id: string;
  to_organization_id: string;
};

/** The instance now belongs to another organization (the snapshot's owner); `organizationId` is the one it left. */
export class InstanceTransferred extends InstanceEvent {
  static readonly eventType = 'InstanceTransferred';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.transferred';

  readonly fromOrganizationId: string;

  constructor(
    props: InstanceEventProps & {
      fromOrganizationId: string;
      /** `organization_id` and `authorized_organization_ids` before the transfer. */
      previousAttributes: PreviousAttributes;
    },
  ) {
    super(props);
    this.fromOrganizationId = props.fromOrganizationId;
  }

  override get organizationId(): string {
    return this.fromOrganizationId;
  }

  get toOrganizationId(): string {
    return this.snapshot.organizationId;
  }

  get handle(): string {
    return this.snapshot.handle;
  }

  toPayload(): InstanceTransferredPayload {
    return {
      ...this.commonPayload(),
      handle: this.handle,
      from_organization_id: this.fromOrganizationId,
      to_organization_id: this.toOrganizationId,
    };
  }

  static fromStored(stored: StoredEvent): InstanceTransferred {
    const json = StoredPayload.of(stored, InstanceTransferred);
    const payload: InstanceTransferredPayload = {
      ...readInstanceEventPayload(json),
      handle: json.string('handle'),
      from_organization_id: json.string('from_organization_id'),
      to_organization_id: json.string('to_organization_id'),
    };
    return new InstanceTransferred({
      ...instanceEventProps(stored, payload),
      fromOrganizationId: payload.from_organization_id,
      previousAttributes: payload.previous_attributes ?? {},
    });
  }
}

type InstanceDeletedPayload = InstanceEventPayload & { handle: string };

/** The instance was removed; its handle stays reserved. The snapshot is its last state. */
export class InstanceDeleted extends InstanceEvent {
  static readonly eventType = 'InstanceDeleted';
  static readonly eventVersion = 2;
  static readonly publicType = 'instance.deleted';

  constructor(props: InstanceEventProps) {
    super(props);
  }

  get handle(): string {
    return this.snapshot.handle;
  }

  toPayload(): InstanceDeletedPayload {
    return { ...this.commonPayload(), handle: this.handle };
  }

  static fromStored(stored: StoredEvent): InstanceDeleted {
    const json = StoredPayload.of(stored, InstanceDeleted);
    const payload: InstanceDeletedPayload = { ...readInstanceEventPayload(json), handle: json.string('handle') };
    return new InstanceDeleted(instanceEventProps(stored, payload));
  }
}
