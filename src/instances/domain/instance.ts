import { uuidv7 } from '../../shared/domain/uuid-v7.js';
import type { DomainEvent } from '../../shared/domain/domain-event.js';
import { ViolationList } from '../../shared/domain/violation.js';
import { InstanceCreated } from './instance-created.event.js';
import type { InstanceSnapshot } from './instance-snapshot.js';
import {
  InstanceDeleted,
  InstanceOrganizationAuthorized,
  InstanceOrganizationUnauthorized,
  InstanceRenamed,
  InstanceTransferred,
} from './instance-lifecycle.events.js';
import {
  authorizationRefused,
  checkHandle,
  checkInstanceName,
  handleIsImmutable,
  transferTargetMissing,
  transferTargetRefused,
} from './instance-rules.js';

export interface NewInstance {
  organizationId: string;
  name: string | null | undefined;
  handle: string | null | undefined;
}

/** What a stored instance is made of. */
export interface InstanceState {
  id: string;
  organizationId: string;
  createdByOrganizationId: string;
  name: string;
  handle: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** 1 when created; every change makes a new version (the ETag of its representation). */
  version: number;
  /** Organizations other than the owner that the instance may be transferred to. */
  authorizedOrganizationIds: readonly string[];
}

/**
 * A merge patch of the instance: a property left out (undefined) is unchanged. `handle` is only
 * here to be refused: any value, even the current one, is a 422.
 */
export interface InstancePatch {
  name?: string | null;
  handle?: unknown;
}

/**
 * The scope a customer's product data lives in. Its handle is the tenant subdomain: unique across
 * all instances and never changed, not even after deletion. `createdByOrganizationId` never
 * changes either, even when the instance later belongs to another organization. Its creation, and
 * each method that changes something, records exactly one event (see `pullEvents`); one that
 * changes nothing records none.
 */
export class Instance {
  private readonly events: DomainEvent[] = [];
  private readonly authorized: Set<string>;

  private constructor(
    private readonly state: Omit<InstanceState, 'authorizedOrganizationIds'>,
    authorized: Iterable<string>,
  ) {
    this.authorized = new Set(authorized);
  }

  /**
   * Checks name and handle, recording every broken rule in `violations`; returns the instance, its
   * InstanceCreated event recorded (see `pullEvents`), only when nothing was broken.
   */
  static create(input: NewInstance, violations: ViolationList, now = new Date()): Instance | undefined {
    const nameValid = checkInstanceName(violations, input.name);
    const handleValid = checkHandle(violations, input.handle);
    if (!nameValid || !handleValid) return undefined;
    const instance = new Instance(
      {
        id: uuidv7(),
        organizationId: input.organizationId,
        createdByOrganizationId: input.organizationId,
        name: input.name as string,
        handle: input.handle as string,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
        version: 1,
      },
      [],
    );
    instance.events.push(new InstanceCreated({ eventId: uuidv7(), occurredAt: now, snapshot: instance.snapshot() }));
    return instance;
  }

  static restore(state: InstanceState): Instance {
    const { authorizedOrganizationIds, ...rest } = state;
    return new Instance({ ...rest }, authorizedOrganizationIds);
  }

  get id(): string {
    return this.state.id;
  }
  get organizationId(): string {
    return this.state.organizationId;
  }
  get createdByOrganizationId(): string {
    return this.state.createdByOrganizationId;
  }
  get name(): string {
    return this.state.name;
  }
  get handle(): string {
    return this.state.handle;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }
  get updatedAt(): Date {
    return this.state.updatedAt;
  }
  get deletedAt(): Date | null {
    return this.state.deletedAt;
  }
  get version(): number {
    return this.state.version;
  }
  /** Sorted, so that every view lists them in the same order. */
  get authorizedOrganizationIds(): string[] {
    return [...this.authorized].sort();
  }

  /** Applies a merge patch; every broken rule is reported at once (ValidationFailed). */
  update(patch: InstancePatch, now = new Date()): void {
    const violations = new ViolationList();
    if (patch.handle !== undefined) handleIsImmutable(violations);
    if (patch.name !== undefined) checkInstanceName(violations, patch.name);
    violations.throwIfAny();
    if (patch.name === undefined || patch.name === this.state.name) return;
    const previousName = this.state.name;
    this.state.name = patch.name as string;
    this.touch(now);
    this.events.push(
      new InstanceRenamed({ eventId: uuidv7(), occurredAt: now, snapshot: this.snapshot(), previousName }),
    );
  }

  /**
   * `consented`: whether the organization's owners agree to being offered the instance (the
   * caller is an owner of it too). Unknown, unconsenting and the owner itself are refused alike,
   * so that the answer does not reveal whether an organization exists.
   */
  authorize(organizationId: string, consented: boolean, now = new Date()): void {
    if (organizationId === this.organizationId || !consented) {
      const violations = new ViolationList();
      authorizationRefused(violations);
      throw violations.toError();
    }
    if (this.authorized.has(organizationId)) return;
    const previous = { authorized_organization_ids: this.authorizedOrganizationIds };
    this.authorized.add(organizationId);
    this.touch(now);
    this.events.push(
      new InstanceOrganizationAuthorized({
        eventId: uuidv7(),
        occurredAt: now,
        snapshot: this.snapshot(),
        authorizedOrganizationId: organizationId,
        previousAttributes: previous,
      }),
    );
  }

  unauthorize(organizationId: string, now = new Date()): void {
    if (!this.authorized.has(organizationId)) return;
    const previous = { authorized_organization_ids: this.authorizedOrganizationIds };
    this.authorized.delete(organizationId);
    this.touch(now);
    this.events.push(
      new InstanceOrganizationUnauthorized({
        eventId: uuidv7(),
        occurredAt: now,
        snapshot: this.snapshot(),
        authorizedOrganizationId: organizationId,
        previousAttributes: previous,
      }),
    );
  }

  /**
   * Gives the instance to one of its authorized organizations, which stops being "authorized" (it
   * owns the instance now), and whose owners still consent (`consented`, as for `authorize`). The former owner keeps no access unless the new owner authorizes it.
   */
  transferTo(organizationId: string | null | undefined, consented: boolean, now = new Date()): void {
    const violations = new ViolationList();
    if (organizationId === null || organizationId === undefined || organizationId === '') {
      transferTargetMissing(violations);
    } else if (organizationId === this.organizationId || !this.authorized.has(organizationId) || !consented) {
      transferTargetRefused(violations);
    }
    violations.throwIfAny();
    const from = this.organizationId;
    const previous = { organization_id: from, authorized_organization_ids: this.authorizedOrganizationIds };
    this.authorized.delete(organizationId as string);
    this.state.organizationId = organizationId as string;
    this.touch(now);
    this.events.push(
      new InstanceTransferred({
        eventId: uuidv7(),
        occurredAt: now,
        snapshot: this.snapshot(),
        fromOrganizationId: from,
        previousAttributes: previous,
      }),
    );
  }

  /** Soft removal: the row stays, so that the handle stays reserved. */
  delete(now = new Date()): void {
    if (this.state.deletedAt) return;
    this.state.deletedAt = now;
    this.touch(now);
    this.events.push(new InstanceDeleted({ eventId: uuidv7(), occurredAt: now, snapshot: this.snapshot() }));
  }

  /** The instance as its owner sees it now: what an event records of it. */
  snapshot(): InstanceSnapshot {
    return {
      id: this.id,
      organizationId: this.organizationId,
      createdByOrganizationId: this.createdByOrganizationId,
      name: this.name,
      handle: this.handle,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      authorizedOrganizationIds: this.authorizedOrganizationIds,
    };
  }

  /** The events recorded since the last call, oldest first. */
  pullEvents(): DomainEvent[] {
    return this.events.splice(0);
  }

  /** Every change goes through here once: a new `updatedAt` and a new version. */
  private touch(now: Date): void {
    this.state.updatedAt = now;
    this.state.version += 1;
  }
}
