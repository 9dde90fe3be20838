import type { DomainEvent, DomainEventClass, StoredEvent } from '../../shared/domain/domain-event.js';
import { MalformedStoredEvent } from '../../shared/domain/stored-payload.js';
import { ViolationList } from '../../shared/domain/violation.js';
import { InstanceCreated } from './instance-created.event.js';
import {
  InstanceDeleted,
  InstanceOrganizationAuthorized,
  InstanceOrganizationUnauthorized,
  InstanceRenamed,
  InstanceTransferred,
} from './instance-lifecycle.events.js';
import { Instance } from './instance.js';

const OWNER = '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d';
const OTHER = '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3e';
const EVENT_ID = '0190c2d4-5b8e-7c3a-9f21-0000000000e1';
const INSTANCE_ID = '0190c2d4-5b8e-7c3a-9f21-000000000001';
const AT = new Date('2026-03-05T09:15:00.123Z');

/** The row the outbox writes for `event`, as JSON comes back from the database. */
function storedOf(event: DomainEvent): StoredEvent {
  const eventClass = event.constructor as unknown as DomainEventClass;
  return {
    eventId: event.eventId,
    version: eventClass.eventVersion,
    occurredAt: event.occurredAt,
    aggregateId: event.aggregateId,
    organizationId: event.organizationId,
    payload: JSON.parse(JSON.stringify(event.toPayload())) as Record<string, unknown>,
  };
}

/** One event of every type, as the aggregate records them. */
function everyEvent(): DomainEvent[] {
  const instance = Instance.create({ organizationId: OWNER, name: 'Prod', handle: 'prod' }, new ViolationList(), AT)!;
  instance.update({ name: 'Production' });
  instance.authorize(OTHER, true);
  instance.unauthorize(OTHER);
  instance.authorize(OTHER, true);
  instance.transferTo(OTHER, true);
  instance.delete();
  return instance.pullEvents();
}

describe('instance events: stored and read back', () => {
  it('reads back every event type exactly as it was written', () => {
    const events = everyEvent();
    expect(events.map((event) => event.constructor)).toEqual([
      InstanceCreated,
      InstanceRenamed,
      InstanceOrganizationAuthorized,
      InstanceOrganizationUnauthorized,
      InstanceOrganizationAuthorized,
      InstanceTransferred,
      InstanceDeleted,
    ]);
    for (const event of events) {
      const eventClass = event.constructor as unknown as DomainEventClass;
      expect(eventClass.fromStored(storedOf(event))).toStrictEqual(event);
    }
  });

  it('keeps the properties consumers read, taken from the snapshot', () => {
    const [created, renamed, , , , transferred] = everyEvent() as [
      InstanceCreated,
      InstanceRenamed,
      unknown,
      unknown,
      unknown,
      InstanceTransferred,
    ];
    expect(created).toMatchObject({ handle: 'prod', name: 'Prod', organizationId: OWNER, occurredAt: AT });
    expect(created.instanceId).toBe(created.snapshot.id);
    expect(renamed).toMatchObject({ name: 'Production', previousName: 'Prod', previousAttributes: { name: 'Prod' } });
    expect(transferred).toMatchObject({
      organizationId: OWNER,
      fromOrganizationId: OWNER,
      toOrganizationId: OTHER,
      previousAttributes: { organization_id: OWNER, authorized_organization_ids: [OTHER] },
    });
    expect(storedOf(transferred)).toMatchObject({
      organizationId: OWNER,
      payload: { from_organization_id: OWNER, to_organization_id: OTHER, instance: { organization_id: OTHER } },
    });
  });
});

describe('instance events: old versions', () => {
  it('reads a version 1 InstanceCreated (no `instance`, as bulk loads write it) as the new instance', () => {
    const event = InstanceCreated.fromStored({
      eventId: EVENT_ID,
      version: 1,
      occurredAt: AT,
      aggregateId: INSTANCE_ID,
      organizationId: OWNER,
      payload: { instance_id: INSTANCE_ID, handle: 'prod', name: 'Prod' },
    });
    expect(event).toMatchObject({ eventId: EVENT_ID, instanceId: INSTANCE_ID, handle: 'prod', name: 'Prod' });
    expect(event.snapshot).toEqual({
      id: INSTANCE_ID,
      name: 'Prod',
      handle: 'prod',
      createdAt: AT,
      updatedAt: AT,
      organizationId: OWNER,
      createdByOrganizationId: OWNER,
      authorizedOrganizationIds: [],
    });
  });

  it('defaults a field added to `instance` after it was first written (authorized_organization_ids)', () => {
    const stored = storedOf(everyEvent()[1]);
    delete (stored.payload.instance as Record<string, unknown>).authorized_organization_ids;
    expect(InstanceRenamed.fromStored(stored).snapshot.authorizedOrganizationIds).toEqual([]);
  });

  it('refuses a version 1 lifecycle event (rewritten by a migration), naming the missing snapshot', () => {
    const stored: StoredEvent = {
      eventId: EVENT_ID,
      version: 1,
      occurredAt: AT,
      aggregateId: INSTANCE_ID,
      organizationId: OWNER,
      payload: { instance_id: INSTANCE_ID, handle: 'prod', name: 'New', previous_name: 'Old' },
    };
    expect(() => InstanceRenamed.fromStored(stored)).toThrow(
      `InstanceRenamed event ${EVENT_ID} (version 1): payload field instance must be an object, got nothing`,
    );
  });

  it.each([0, 3, 1.5])('refuses version %p, which this code does not know', (version) => {
    const stored = { ...storedOf(everyEvent()[0]), version };
    expect(() => InstanceCreated.fromStored(stored)).toThrow(
      `InstanceCreated event ${stored.eventId} (version ${version}): unknown version, this code reads 1 to 2`,
    );
  });
});

describe('instance events: malformed payloads', () => {
  const events = everyEvent();
  const renamed = () => storedOf(events[1]);
  const transferred = () => storedOf(events[5]);

  it.each([
    [
      'a missing field',
      (s: StoredEvent) => delete s.payload.previous_name,
      'previous_name must be a string, got nothing',
    ],
    ['a field of the wrong type', (s: StoredEvent) => (s.payload.handle = 42), 'handle must be a string, got a number'],
    ['a null field', (s: StoredEvent) => (s.payload.name = null), 'name must be a string, got null'],
    ['a missing snapshot', (s: StoredEvent) => delete s.payload.instance, 'instance must be an object, got nothing'],
    [
      'a snapshot that is an array',
      (s: StoredEvent) => (s.payload.instance = []),
      'instance must be an object, got an array',
    ],
    [
      'a missing field of the snapshot',
      (s: StoredEvent) => delete (s.payload.instance as Record<string, unknown>).organization_id,
      'instance.organization_id must be a string, got nothing',
    ],
    [
      'a snapshot timestamp that is none',
      (s: StoredEvent) => ((s.payload.instance as Record<string, unknown>).updated_at = 'yesterday'),
      'instance.updated_at must be a timestamp, got a string that is not one',
    ],
    [
      'authorizations that are not strings',
      (s: StoredEvent) => ((s.payload.instance as Record<string, unknown>).authorized_organization_ids = [1]),
      'instance.authorized_organization_ids must be an array of strings, got an array',
    ],
    [
      'previous attributes that are not an object',
      (s: StoredEvent) => (s.payload.previous_attributes = 'name'),
      'previous_attributes must be an object, got a string',
    ],
  ])('refuses %s, naming the event and the field', (_label, spoil, message) => {
    const stored = renamed();
    spoil(stored);
    expect(() => InstanceRenamed.fromStored(stored)).toThrow(MalformedStoredEvent);
    expect(() => InstanceRenamed.fromStored(stored)).toThrow(
      `InstanceRenamed event ${stored.eventId} (version 2): payload field ${message}`,
    );
  });

  it('refuses a payload that is not an object', () => {
    const stored = { ...transferred(), payload: null as unknown as Record<string, unknown> };
    expect(() => InstanceTransferred.fromStored(stored)).toThrow(
      `InstanceTransferred event ${stored.eventId} (version 2): the payload is null, not an object`,
    );
  });

  it.each([
    [InstanceCreated, 0, 'created_at'],
    [InstanceOrganizationAuthorized, 2, 'authorized_organization_id'],
    [InstanceOrganizationUnauthorized, 3, 'authorized_organization_id'],
    [InstanceTransferred, 5, 'to_organization_id'],
    [InstanceDeleted, 6, 'handle'],
  ] as const)('%p checks its own fields too (%p: %p)', (eventClass, index, field) => {
    const stored = storedOf(events[index]);
    delete stored.payload[field];
    expect(() => eventClass.fromStored(stored)).toThrow(`payload field ${field} must be`);
  });
});
