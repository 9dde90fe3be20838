import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InstanceReadModel, type InstanceListCriteria } from '../../src/instances/domain/instance-read-model.js';
import {
  type FilteredMatches,
  instanceCountStatement,
  instancePageStatement,
  matchesOf,
} from '../../src/instances/infrastructure/instance-list.sql.js';
import { insertOrganization } from '../support/organization-rows.js';
import { startTestContext } from '../support/test-context.js';

const ROWS_PER_STATEMENT = 2_000;

/**
 * A filter common in one organization but rare in the whole table (other organizations' rows
 * dilute it in the planner's statistics): the next pages of its known matches walk the sort index
 * from the first match instead of taking every match from the trigram index, with the same rows.
 */
describe('filtered list pages of known matches (integration)', () => {
  let context: INestApplicationContext;
  let db: DataSource;
  let common: string;
  let crowd: string;

  beforeAll(async () => {
    context = await startTestContext();
    db = context.get(DataSource);
    common = await insertOrganization(db);
    crowd = await insertOrganization(db);
    // 4,000 rows, every fourth a needle (25%), spread over the name order; 36,000 rows of another
    // organization, none: 2.5% of the table's rows match.
    await insertRows(common, 4_000, "'Item ' || n || CASE WHEN n % 4 = 0 THEN ' needle' ELSE ' hay' END");
    await insertRows(crowd, 36_000, "'Item ' || n || ' crowd'");
    await db.query('ANALYZE instances');
  });

  afterAll(async () => {
    await db.query('DELETE FROM instances WHERE organization_id = ANY($1::uuid[])', [[common, crowd]]);
    await context.close();
  });

  /** Rows in statements of ROWS_PER_STATEMENT, each well within the pool's query timeout. */
  const insertRows = async (organizationId: string, count: number, name: string) => {
    for (let from = 1; from <= count; from += ROWS_PER_STATEMENT) {
      await db.query(
        `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
         SELECT gen_random_uuid(), $1, $1, ${name}, 'walk-' || translate(md5(random()::text), '0123456789', 'ghijklmnop'),
                now(), now()
           FROM generate_series($2::int, $3::int) AS n`,
        [organizationId, from, Math.min(count, from + ROWS_PER_STATEMENT - 1)],
      );
    }
  };

  const criteria = (nameContains: string[], offset = 60): InstanceListCriteria => ({
    organizationId: common,
    nameContains,
    handleContains: [],
    order: [{ field: 'name', direction: 'asc' }],
    offset,
    limit: 30,
  });

  const knownMatches = async (list: InstanceListCriteria): Promise<FilteredMatches> => {
    const statement = instanceCountStatement(list);
    const [row] = await db.query(statement.text, statement.values as unknown[]);
    return matchesOf(row);
  };

  const expected = async (pattern: string, offset: number) =>
    (
      await db.query(
        `SELECT id FROM instances WHERE organization_id = $1 AND deleted_at IS NULL AND name ILIKE $2
          ORDER BY name, id OFFSET $3 LIMIT 30`,
        [common, pattern, offset],
      )
    ).map((row: { id: string }) => row.id);

  it('walks the sort index for a common filter, with the rows of the trigram plan', async () => {
    const list = criteria(['needle']);
    const known = await knownMatches(list);
    expect(known).toMatchObject({ total: 1_000, organizationRows: 4_000 });
    const statement = instancePageStatement(list, known);
    const plan = (await db.query(`EXPLAIN ${statement.text}`, statement.values as unknown[]))
      .map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('Index Scan using instances_organization_name_idx');
    expect(plan).not.toContain('trgm');
    const rows = await db.query(statement.text, statement.values as unknown[]);
    expect(rows.map((row: { id: string }) => row.id)).toEqual(await expected('%needle%', 60));
  });

  it('answers the same pages through the read model, counted first and remembered next', async () => {
    const readModel = context.get(InstanceReadModel);
    for (const offset of [0, 60, 990, 1_000]) {
      for (const attempt of ['first request', 'same request again']) {
        const page = await readModel.list(criteria(['needle'], offset));
        expect({ attempt, total: page.totalItems, ids: page.items.map((item) => item.id) }).toEqual({
          attempt,
          total: 1_000,
          ids: await expected('%needle%', offset),
        });
      }
    }
  });
});
