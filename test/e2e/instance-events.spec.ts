import { jest } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import type { DomainEvent } from '../../src/shared/domain/domain-event.js';
import { ViolationList } from '../../src/shared/domain/violation.js';
import { OutboxRelay } from '../../src/shared/outbox/outbox-relay.js';
import { redeliver, undeliveredCount } from '../support/event-delivery.js';
import { Instance } from '../../src/instances/domain/instance.js';
import { InstanceRepository } from '../../src/instances/domain/instance.repository.js';
import type { TestPartner } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('InstanceCreated: recorded with its instance, relayed at least once', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: TestPartner;
  let organizationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    owner = await t.api.createPartner();
    organizationId = await t.api.createOrganization(owner);
  });
  afterAll(() => t.close());

  const create = (handle: string, name = 'Instance') =>
    t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, { name, handle });
  const outboxRowsFor = (instanceId: string) =>
    db.query(
      'SELECT type, version, aggregate_id, organization_id, payload FROM outbox_events WHERE aggregate_id = $1',
      [instanceId],
    );
  const createdCount = async (orgId: string) => {
    const response = await t.api.get(`/api/organizations/${orgId}/instance-stats`, owner.apiKey);
    return response.body.instances_created as number;
  };

  it('writes one InstanceCreated outbox row in the same transaction as the instance', async () => {
    const handle = randomHandle();
    const response = await create(handle, 'Production EU');
    expect(response.status).toBe(201);
    const rows = await outboxRowsFor(response.body.id);
    expect(rows).toEqual([
      {
        type: 'InstanceCreated',
        version: 2,
        aggregate_id: response.body.id,
        organization_id: organizationId,
        payload: expect.objectContaining({
          instance_id: response.body.id,
          handle,
          name: 'Production EU',
          // The instance as the create answered it, for the events feed, webhooks and the broker.
          instance: expect.objectContaining({
            id: response.body.id,
            name: 'Production EU',
            handle,
            organization_id: organizationId,
            created_by_organization_id: organizationId,
            authorized_organization_ids: [],
          }),
        }),
      },
    ]);
  });

  it('writes no event when the create is refused', async () => {
    const handle = randomHandle();
    expect((await create(handle)).status).toBe(201);
    const before = await db.query("SELECT count(*)::int AS n FROM outbox_events WHERE payload->>'handle' = $1", [
      handle,
    ]);
    expect((await create(handle)).status).toBe(422);
    expect((await create('', '')).status).toBe(422);
    const after = await db.query("SELECT count(*)::int AS n FROM outbox_events WHERE payload->>'handle' = $1", [
      handle,
    ]);
    expect(after[0].n).toBe(before[0].n);
  });

  it('rolls back the instance when recording its event fails, so neither row exists', async () => {
    const repository = t.app.get(InstanceRepository);
    const first = Instance.create({ organizationId, name: 'First', handle: randomHandle() }, new ViolationList())!;
    const firstEvents = jest.spyOn(first, 'pullEvents');
    await repository.add(first);
    const second = Instance.create({ organizationId, name: 'Second', handle: randomHandle() }, new ViolationList())!;
    // Reusing the first event's id makes the outbox insert fail after the instance insert succeeded.
    jest.spyOn(second, 'pullEvents').mockReturnValue(firstEvents.mock.results[0].value as DomainEvent[]);
    await expect(repository.add(second)).rejects.toThrow();
    const rows = await db.query('SELECT id FROM instances WHERE id = $1', [second.id]);
    expect(rows).toEqual([]);
  });

  it('publishes events to handlers in other modules (the instance-activity counter)', async () => {
    const otherOrganization = await t.api.createOrganization(owner, 'Counted');
    for (const handle of [randomHandle(), randomHandle()]) {
      const response = await t.api.post(`/api/organizations/${otherOrganization}/instances`, owner.apiKey, {
        name: 'Counted',
        handle,
      });
      expect(response.status).toBe(201);
    }
    expect(
      await eventually(
        () => createdCount(otherOrganization),
        (n) => n === 2,
      ),
    ).toBe(2);
    expect(
      await eventually(
        () => undeliveredCount(db, 'instance-activity', 'e.organization_id = $2', [otherOrganization]),
        (n) => n === 0,
      ),
    ).toBe(0);
  });

  it('publishes events left unpublished by a crash, and a redelivered event is counted once', async () => {
    const orgId = await t.api.createOrganization(owner, 'Crashed');
    // The state a crash between commit and publication leaves behind: instance and event, unpublished.
    const instanceId = uuidv7();
    const eventId = uuidv7();
    const handle = randomHandle();
    await db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
         VALUES ($1, $2, $2, 'Left behind', $3, now(), now())`,
        [instanceId, orgId, handle],
      );
      await manager.query(
        `INSERT INTO outbox_events (id, type, version, aggregate_id, organization_id, payload, occurred_at)
         VALUES ($1, 'InstanceCreated', 1, $2, $3, $4, now())`,
        [eventId, instanceId, orgId, JSON.stringify({ instance_id: instanceId, handle, name: 'Left behind' })],
      );
    });
    await t.app.get(OutboxRelay).drain();
    expect(
      await eventually(
        () => createdCount(orgId),
        (n) => n === 1,
      ),
    ).toBe(1);

    // At-least-once: delivering the same event again must not count it twice.
    await redeliver(db, 'instance-activity', eventId);
    await t.app.get(OutboxRelay).drain();
    expect(
      await eventually(
        () => undeliveredCount(db, 'instance-activity', 'e.id = $2', [eventId]),
        (n) => n === 0,
      ),
    ).toBe(0);
    // Delivered means handled: a delivery is marked only after the handler committed.
    expect(await createdCount(orgId)).toBe(1);
  });
});

describe('deleting an organization withdraws its authorizations, one event each', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('records InstanceOrganizationUnauthorized for every instance it was authorized for, in the same transaction', async () => {
    const owner = await t.api.createPartner('Owner of both');
    const ownerOrganization = await t.api.createOrganization(owner, 'Owner');
    const leaving = await t.api.createOrganization(owner, 'Leaving');
    const instances: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await t.api.post(`/api/organizations/${ownerOrganization}/instances`, owner.apiKey, {
        name: `Shared ${i}`,
        handle: randomHandle(),
      });
      instances.push(created.body.id);
      const path = `/api/organizations/${ownerOrganization}/instances/${created.body.id}/authorized-organizations/${leaving}`;
      expect((await t.api.request('PUT', path, { key: owner.apiKey })).status).toBe(204);
    }
    expect((await t.api.request('DELETE', `/api/organizations/${leaving}`, { key: owner.apiKey })).status).toBe(204);

    const events = await db.query(
      `SELECT aggregate_id, organization_id, payload FROM outbox_events
        WHERE type = 'InstanceOrganizationUnauthorized' AND payload->>'authorized_organization_id' = $1
        ORDER BY aggregate_id`,
      [leaving],
    );
    expect(events).toEqual(
      [...instances].sort().map((id) => ({
        aggregate_id: id,
        organization_id: ownerOrganization,
        payload: {
          instance_id: id,
          authorized_organization_id: leaving,
          // Version 2: the instance as its owner sees it afterwards, and what the withdrawal replaced.
          instance: expect.objectContaining({
            id,
            organization_id: ownerOrganization,
            authorized_organization_ids: [],
          }),
          previous_attributes: { authorized_organization_ids: [leaving] },
        },
      })),
    );
    for (const id of instances) {
      const instance = await t.api.get(`/api/organizations/${ownerOrganization}/instances/${id}`, owner.apiKey);
      expect(instance.body).not.toHaveProperty('authorized_organization_ids');
    }
  });
});
