// `npm run bench -- --explain`: EXPLAIN (ANALYZE, BUFFERS) of every query shape the service's list
// endpoint runs, built by the service's own SQL builder (dist/, the build the benchmark ran), with
// the benchmark's data and filter words.
import pg from 'pg';
import {
  instanceCountStatement,
  instancePageStatement,
  matchesOf,
} from '../dist/src/instances/infrastructure/instance-list.sql.js';

export async function explainListShapes(databaseUrl, { readOrganization, nameWord, handleWord }) {
  const criteria = (overrides) => ({
    organizationId: readOrganization,
    nameContains: [],
    handleContains: [],
    order: [{ field: 'createdAt', direction: 'desc' }],
    offset: 0,
    limit: 30,
    ...overrides,
  });
  const handle = `${handleWord}-stage`;
  const shapes = [
    ['list, first page (default order: createdAt desc)', instancePageStatement(criteria({}))],
    ...['name', 'handle', 'updatedAt'].map((field) => [
      `list, order[${field}]=asc, page 2`,
      instancePageStatement(criteria({ order: [{ field, direction: 'asc' }], offset: 30 })),
    ]),
    [
      `list, name=${nameWord} + order[name]=asc + page 3 (the list-name scenario)`,
      instancePageStatement(
        criteria({ nameContains: [nameWord], order: [{ field: 'name', direction: 'asc' }], offset: 60 }),
      ),
    ],
    [
      `list, handle=${handle} (the list-handle scenario)`,
      instancePageStatement(criteria({ handleContains: [handle] })),
    ],
    [
      `list, name=${nameWord} + handle=${handle}`,
      instancePageStatement(criteria({ nameContains: [nameWord], handleContains: [handle] })),
    ],
    [
      `count of a filtered page past the end (name=${nameWord}, page 100)`,
      instanceCountStatement(criteria({ nameContains: [nameWord], offset: 2970 })),
    ],
  ];
  // The 10% filters: counted once per version of the organization (first request), then each page
  // walks the sort index from the first match (every next request while nothing changes).
  const wide = [
    [
      'name=Falc + order[name]=asc + page 3',
      { nameContains: ['Falc'], order: [{ field: 'name', direction: 'asc' }], offset: 60 },
    ],
    ['handle=alco', { handleContains: ['alco'] }],
  ];
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    for (const [title, overrides] of wide) {
      const counted = criteria(overrides);
      shapes.push([`list, ${title}, first request (counts the matches)`, instancePageStatement(counted)]);
      const {
        rows: [known],
      } = await client.query(instanceCountStatement(counted));
      shapes.push([
        `list, ${title}, next requests (total remembered, walk from the first match)`,
        instancePageStatement(counted, matchesOf(known)),
      ]);
    }
    const explains = [];
    for (const [shape, statement] of shapes) {
      // Twice: the second run is the one reported, with the pages it touches in shared buffers.
      await client.query(`EXPLAIN (ANALYZE) ${statement.text}`, statement.values);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
      explains.push({
        shape,
        sql: statement.text,
        parameters: statement.values,
        plan: rows.map((row) => row['QUERY PLAN']).join('\n'),
      });
    }
    return explains;
  } finally {
    await client.end();
  }
}
