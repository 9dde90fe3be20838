import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { InstanceRepository } from '../../src/instances/domain/instance.repository.js';
import { Instance } from '../../src/instances/domain/instance.js';
import { ViolationList } from '../../src/shared/domain/violation.js';
import { randomHandle } from '../support/handles.js';
import { insertOrganization } from '../support/organization-rows.js';
import { startTestContext } from '../support/test-context.js';

/**
 * Creates from concurrent requests share statements (CoalescedInserts): against real PostgreSQL,
 * each create still gets its own outcome, and each instance written has exactly its own event.
 */
describe('InstanceRepository.add, concurrent creates (integration)', () => {
  let context: INestApplicationContext;
  let db: DataSource;
  let instances: InstanceRepository;
  let organizationId: string;

  beforeAll(async () => {
    context = await startTestContext();
    db = context.get(DataSource);
    instances = context.get(InstanceRepository);
    organizationId = await organization();
  });

  afterAll(() => context.close());

  const organization = () => insertOrganization(db);

  const newInstance = (handle = randomHandle(), owner = organizationId) =>
    Instance.create({ organizationId: owner, name: 'Coalesced', handle }, new ViolationList())!;

  /** What each add came to: written, or the error it threw. */
  const outcomesOf = (added: Instance[]) =>
    Promise.all(
      added.map((instance) =>
        instances.add(instance).then(
          () => 'written',
          (error: Error) => error.constructor.name,
        ),
      ),
    );

  /** The InstanceCreated events of these instances, with the transaction that wrote each. */
  const eventsOf = async (ids: string[]) =>
    (await db.query(
      `SELECT aggregate_id, tx_id::text AS tx FROM outbox_events WHERE type = 'InstanceCreated' AND aggregate_id = ANY($1::uuid[])`,
      [ids],
    )) as { aggregate_id: string; tx: string }[];

  it('writes creates that arrive together in shared statements, each instance with exactly its event', async () => {
    const added = Array.from({ length: 40 }, () => newInstance());
    expect(await outcomesOf(added)).toEqual(added.map(() => 'written'));
    const ids = added.map((instance) => instance.id);
    const stored = await db.query('SELECT id FROM instances WHERE id = ANY($1::uuid[])', [ids]);
    expect(stored).toHaveLength(40);
    const events = await eventsOf(ids);
    expect(events.map((event) => event.aggregate_id).sort()).toEqual([...ids].sort());
    // Shared: fewer transactions than creates.
    expect(new Set(events.map((event) => event.tx)).size).toBeLessThan(40);
  });

  it('fails only the create whose handle is taken, also by a create in the same statement', async () => {
    const taken = randomHandle();
    expect(await outcomesOf([newInstance(taken)])).toEqual(['written']);
    const twice = randomHandle();
    const added = [newInstance(), newInstance(taken), newInstance(twice), newInstance(twice), newInstance()];
    expect(await outcomesOf(added)).toEqual(['written', 'ValidationFailed', 'written', 'ValidationFailed', 'written']);
    const refused = [added[1].id, added[3].id];
    expect(await db.query('SELECT id FROM instances WHERE id = ANY($1::uuid[])', [refused])).toEqual([]);
    expect(await eventsOf(refused)).toEqual([]);
    expect(await eventsOf([added[0].id, added[2].id, added[4].id])).toHaveLength(3);
  });

  it('fails only the create whose organization is gone; the others of its statement are written', async () => {
    const added = [newInstance(), newInstance(randomHandle(), uuidv7()), newInstance()];
    expect(await outcomesOf(added)).toEqual(['written', 'InstanceError', 'written']);
    expect(await eventsOf(added.map((instance) => instance.id))).toHaveLength(2);
    expect(await db.query('SELECT id FROM instances WHERE id = $1', [added[1].id])).toEqual([]);
  });
});
