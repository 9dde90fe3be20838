import { jest } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import {
  InstanceReadModel,
  type InstanceListCriteria,
  type InstanceSortField,
} from '../../src/instances/domain/instance-read-model.js';
import { instancePageStatement } from '../../src/instances/infrastructure/instance-list.sql.js';
import { PLANNED_ONCE, Sql, type Statement } from '../../src/shared/database/sql.js';
import { DeliveryStore } from '../../src/shared/outbox/delivery-store.js';
import { eventually } from '../support/eventually.js';
import { insertOrganization } from '../support/organization-rows.js';
import { startTestContext } from '../support/test-context.js';

const TINY_ORGANIZATIONS = 2_000;
const BIG_ORGANIZATION_ROWS = 3_000;

const INDEX_OF: Record<InstanceSortField, string> = {
  createdAt: 'instances_organization_created_idx',
  updatedAt: 'instances_organization_updated_idx',
  name: 'instances_organization_name_idx',
  handle: 'instances_organization_handle_idx',
};

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * Prepared statements are planned once per session (a generic plan) on a pool of their own; the
 * rest keep PostgreSQL's choice. An unfiltered page is prepared only when one index serves its
 * whole order, and its generic plan walks that index even where the planner's statistics say that
 * an organization holds a row or two (thousands of tiny ones beside a big one).
 */
describe('statements planned once (integration)', () => {
  let context: INestApplicationContext;
  let db: DataSource;
  let sql: Sql;
  /**
   * A session of its own with the planned-once pool's settings: statements that must share a
   * session (PREPARE, then EXECUTE) cannot count on a pool that the relay draws on meanwhile.
   */
  let session: pg.Client;
  let big: string;
  let tiny: string[];

  beforeAll(async () => {
    context = await startTestContext();
    db = context.get(DataSource);
    sql = context.get(Sql);
    session = new pg.Client({ connectionString: process.env.TEST_DATABASE_RUN_URL, options: PLANNED_ONCE });
    await session.connect();
    big = await insertOrganization(db);
    tiny = (
      await db.query(
        `INSERT INTO organizations (id, name, created_at, updated_at)
         SELECT gen_random_uuid(), 'Tiny ' || n, now(), now() FROM generate_series(1, $1::int) AS n
         RETURNING id`,
        [TINY_ORGANIZATIONS],
      )
    ).map((row: { id: string }) => row.id);
    await db.query(
      `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
       SELECT gen_random_uuid(), o, o, 'Tiny', 'plan-' || translate(md5(random()::text), '0123456789', 'ghijklmnop'),
              now(), now()
         FROM unnest($1::uuid[]) AS o`,
      [tiny],
    );
    await db.query(
      `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $1, 'Item ' || md5(n::text),
              'plan-' || translate(md5(random()::text), '0123456789', 'ghijklmnop'),
              now() - n * interval '1 second', now() - (n % 97) * interval '1 minute'
         FROM generate_series(1, $2::int) AS n`,
      [big, BIG_ORGANIZATION_ROWS],
    );
    await db.query('ANALYZE instances');
  });

  afterAll(async () => {
    await db.query('DELETE FROM instances WHERE organization_id = ANY($1::uuid[])', [[big, ...tiny]]);
    await db.query('DELETE FROM organizations WHERE id = ANY($1::uuid[])', [[big, ...tiny]]);
    await session.end();
    await context.close();
  });

  const page = (order: InstanceListCriteria['order'], offset = 0): InstanceListCriteria => ({
    organizationId: big,
    nameContains: [],
    handleContains: [],
    order,
    offset,
    limit: 30,
  });

  it('runs prepared statements in sessions that plan generically, the others in the default mode', async () => {
    const settings = {
      text: `SELECT current_setting('plan_cache_mode') AS plan_cache_mode,
                    current_setting('enable_sort') AS enable_sort, current_setting('enable_seqscan') AS enable_seqscan`,
      values: [],
    };
    expect(await sql.rows(settings)).toEqual([{ plan_cache_mode: 'auto', enable_sort: 'on', enable_seqscan: 'on' }]);
    const plannedOnce = [{ plan_cache_mode: 'force_generic_plan', enable_sort: 'off', enable_seqscan: 'off' }];
    expect(await sql.rows({ ...settings, prepared: true })).toEqual(plannedOnce);
    // The spec's own session, which the plans below are read in, is one of them.
    expect((await session.query(settings)).rows).toEqual(plannedOnce);
  });

  it('plans a page once, however often it runs (PostgreSQL alone would plan it every time)', async () => {
    const statement = instancePageStatement(page([{ field: 'createdAt', direction: 'desc' }]));
    expect(statement.prepared).toBe(true);
    const named = { name: 'planned_once_page', text: statement.text, values: statement.values };
    for (let run = 0; run < 8; run++) await session.query(named);
    const {
      rows: [plans],
    } = await session.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [
      named.name,
    ]);
    expect({ generic: Number(plans.generic_plans), custom: Number(plans.custom_plans) }).toEqual({
      generic: 8,
      custom: 0,
    });
  });

  const orders = (['createdAt', 'updatedAt', 'name', 'handle'] as const).flatMap((field) =>
    (['asc', 'desc'] as const).map((direction) => ({ field, direction })),
  );

  const inPlannedOnceSession = async <T>(text: string): Promise<T[]> => (await session.query(text)).rows as T[];

  /** EXECUTE takes no bind parameters: the statement's values, written out as literals. */
  const literal = (value: unknown): string =>
    Array.isArray(value) ? literal(`{${value.join(',')}}`) : `'${String(value).replace(/'/g, "''")}'`;

  /** The plan a session of the planned-once pool makes for the statement: its generic plan. */
  async function genericPlanOf(statement: Statement): Promise<PlanNode[]> {
    await inPlannedOnceSession(`PREPARE planned_once AS ${statement.text}`);
    try {
      const [{ 'QUERY PLAN': explained }] = await inPlannedOnceSession<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) EXECUTE planned_once(${statement.values.map(literal).join(', ')})`,
      );
      return nodesOf(explained[0].Plan);
    } finally {
      await inPlannedOnceSession('DEALLOCATE planned_once');
    }
  }

  it.each(orders)(
    'walks the index of order %o in its generic plan, the one plan for organizations of every size',
    async (key) => {
      const statement = instancePageStatement(page([key]));
      expect(statement.prepared).toBe(true);
      const limit = (await genericPlanOf(statement)).find((node) => node['Node Type'] === 'Limit');
      expect(limit?.Plans?.map((child) => [child['Node Type'], child['Index Name']])).toEqual([
        ['Index Scan', INDEX_OF[key.field]],
      ]);
    },
  );

  it('answers the pages of the big organization in their order through the generic plans', async () => {
    const readModel = context.get(InstanceReadModel);
    const column = { createdAt: 'created_at', updatedAt: 'updated_at', name: 'name', handle: 'handle' } as const;
    for (const key of orders) {
      for (const offset of [0, 1_500, 2_990]) {
        const expected = await db.query(
          `SELECT id FROM instances WHERE organization_id = $1 AND deleted_at IS NULL
            ORDER BY ${column[key.field]} ${key.direction}, id ${key.direction} OFFSET $2 LIMIT 30`,
          [big, offset],
        );
        const listed = await readModel.list(page([key], offset));
        expect({ key, offset, total: listed.totalItems, ids: listed.items.map((item) => item.id) }).toEqual({
          key,
          offset,
          total: BIG_ORGANIZATION_ROWS,
          ids: expected.map((row: { id: string }) => row.id),
        });
      }
    }
  });

  describe("the delivery engine's read of the log", () => {
    /** A type no subscriber of the application wants: the relay passes these rows by. */
    const PROBE = 'PlanProbe';
    const start = { txId: '0', position: '0' };

    beforeAll(async () => {
      await db.query(
        `INSERT INTO outbox_events (id, type, version, aggregate_id, organization_id, payload, occurred_at)
         SELECT gen_random_uuid(), $1, 1, gen_random_uuid(), o, '{}', now()
           FROM unnest($2::uuid[]) AS o, generate_series(1, CASE WHEN o = $3 THEN $4::int ELSE 1 END)`,
        [PROBE, [big, ...tiny], big, BIG_ORGANIZATION_ROWS],
      );
      // Other subscribers' deliveries, pending and dead: a subscriber's own are reached by index.
      await db.query(
        `INSERT INTO event_deliveries (subscriber, event_id, aggregate_id, tx_id, position, state)
         SELECT 'plan-probe-' || (position % 3), id, aggregate_id, tx_id, position,
                CASE WHEN position % 2 = 0 THEN 'pending' ELSE 'dead' END
           FROM outbox_events WHERE type = $1`,
        [PROBE],
      );
      await db.query('ANALYZE outbox_events, event_deliveries');
      // The engine reads only rows older than every running transaction: wait for those still open.
      await eventually(
        () =>
          db.query(
            'SELECT pg_snapshot_xmin(pg_current_snapshot()) > max(tx_id) AS visible FROM outbox_events WHERE type = $1',
            [PROBE],
          ),
        (rows: { visible: boolean }[]) => rows[0].visible,
        20_000,
      );
    });

    afterAll(async () => {
      await db.query('DELETE FROM outbox_events WHERE type = $1', [PROBE]); // its deliveries go with it
    });

    /** The statement `read` runs, and what it answers. */
    async function read(organizationId?: string) {
      const run = jest.spyOn(sql, 'rows');
      try {
        const answer = await context
          .get(DeliveryStore)
          .read('plan-probe', start, { types: [PROBE], organizationId }, 500);
        return { statement: run.mock.calls[0][0] as Statement, answer };
      } finally {
        run.mockRestore();
      }
    }

    /** How the plan reaches the log: every scan of outbox_events, by index; and any sequential scan at all. */
    const accessOf = (nodes: PlanNode[]) => ({
      log: new Set(
        nodes
          .filter((node) => node['Relation Name'] === 'outbox_events')
          .map((n) => `${n['Node Type']} ${n['Index Name']}`),
      ),
      sequential: nodes.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']),
    });

    it.each([
      ['an organization with one event among thousands', () => tiny[0]],
      ['the organization with most of them', () => big],
    ])("walks the organization's indexes for %s, in log order, with the one generic plan", async (_, organization) => {
      const { statement, answer } = await read(organization());
      expect(statement.prepared).toBe(true);
      const nodes = await genericPlanOf(statement);
      expect(accessOf(nodes)).toEqual({
        log: new Set(['Index Scan outbox_events_organization_idx', 'Index Scan outbox_events_transferred_to_idx']),
        sequential: [],
      });
      // Only the page read is sorted (at most 500 rows), never the organization's events.
      expect(nodes.filter((node) => node['Node Type'] === 'Sort')).toEqual([nodes[0]]);
      const expected = await db.query(
        `SELECT id FROM outbox_events WHERE type = $1 AND organization_id = $2 ORDER BY tx_id, position LIMIT 500`,
        [PROBE, organization()],
      );
      expect(answer.events.map((event) => event.id)).toEqual(expected.map((row: { id: string }) => row.id));
    });

    it('walks the log in its order when the subscriber wants every organization', async () => {
      const { statement, answer } = await read();
      expect(statement.prepared).toBe(true);
      const nodes = await genericPlanOf(statement);
      expect(accessOf(nodes)).toEqual({ log: new Set(['Index Scan outbox_events_log_idx']), sequential: [] });
      expect(nodes.filter((node) => node['Node Type'] === 'Sort')).toEqual([nodes[0]]);
      expect(answer.events).toHaveLength(500);
    });
  });

  it('leaves a page ordered by several keys to plans made for its values', () => {
    const statement = instancePageStatement(
      page([
        { field: 'name', direction: 'asc' },
        { field: 'createdAt', direction: 'desc' },
      ]),
    );
    expect(statement.prepared).toBe(false);
  });
});
