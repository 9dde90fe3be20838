// Seeding for the benchmark: partners and organizations through the service's own API, instances
// in bulk with SQL (INSERT ... SELECT over generate_series), each with its InstanceCreated outbox row
// and the instance-activity row its consumer would have written.
//
// The data, for N instances over K organizations:
// - organization 0 (the "big" one, read by every read scenario) holds BIG_SHARE of the instances
//   (400,000 of 1,000,000); the others share the rest round-robin; organization 1 is where the
//   create scenario writes;
// - instances come in "projects" of PROJECT_SIZE consecutive instances, each named after one
//   made-up word: name "<Word> <Environment> <REGION>", handle "<word>-<env>-<sequence letters>".
//   The number of projects grows with N, so a search for one project's word matches PROJECT_SIZE
//   instances whatever N is: the selective filtered scenarios ask the same question at 20k and at 1M;
// - one project in ten (p % 10 = 5) is a "falcon" project, its word "falco" + 3 letters: the filters
//   `name=Falc` and `handle=alco` match 10% of every organization (40,000 rows of the big one at
//   1,000,000). The made-up words never contain a "c", so no other name matches them.
/* global fetch */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export const PROJECT_SIZE = 150;
/** The share of all instances in the organization the read scenarios read. */
export const BIG_SHARE = 0.4;
/** Projects p with p % WIDE_EVERY = WIDE_REMAINDER are falcon projects (see above). */
export const WIDE_EVERY = 10;
export const WIDE_REMAINDER = 5;
const CHUNK = 50_000;

/** The made-up word of project `p`, in SQL: 8 letters from a 16-letter alphabet (no "c"), from md5. */
const wordSql = (p) =>
  `CASE WHEN (${p}) % ${WIDE_EVERY} = ${WIDE_REMAINDER} THEN 'falco' ELSE '' END
   || translate(substr(md5('project-' || (${p})::text), 1, CASE WHEN (${p}) % ${WIDE_EVERY} = ${WIDE_REMAINDER} THEN 3 ELSE 8 END),
                '0123456789abcdef', 'abdefgiklmnoprsu')`;
const ENVIRONMENTS = ['production', 'staging', 'development', 'testing', 'preview'];
const ENV_SHORT = ['prod', 'stage', 'dev', 'test', 'preview'];
const REGIONS = ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south', 'ap-east', 'sa-east'];

/** JavaScript twin of wordSql, to build the scenarios' filters. */
export async function projectWords(client, projects) {
  const { rows } = await client.query(`SELECT p, ${wordSql('p')} AS word FROM unnest($1::int[]) p`, [projects]);
  return new Map(rows.map((row) => [row.p, row.word]));
}

export async function post(baseUrl, path, key, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/ld+json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** One owner partner and `organizations` organizations, created through the service's API. */
export async function seedThroughApi(baseUrl, adminKey, organizations) {
  const owner = await post(baseUrl, '/api/admin/partners', adminKey, {
    name: 'Benchmark owner',
    email: `bench-${Date.now()}@example.com`,
  });
  const organizationIds = [];
  for (let i = 0; i < organizations; i++) {
    const organization = await post(baseUrl, '/api/organizations', owner.api_key, { name: `Benchmark org ${i}` });
    organizationIds.push(organization.id);
  }
  return { apiKey: owner.api_key, organizationIds };
}

/**
 * Bulk path: the instances table's secondary indexes are dropped, the rows written in chunks of
 * CHUNK by one INSERT ... SELECT each (instances, outbox_events and instance_activity in one
 * statement, so every instance has its event), then the indexes rebuilt from their saved
 * definitions and the tables analyzed. Any trigger on instances fires as it would for the API.
 */
export async function seedInstances(databaseUrl, { instances, organizationIds, log }) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-seed' });
  await client.connect();
  try {
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query('SET synchronous_commit = off');
    const { rows: indexes } = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'instances'
          AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'instances'::regclass)`,
    );
    for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);

    const big = Math.floor(instances * BIG_SHARE);
    const started = Date.now();
    for (let from = 0; from < instances; from += CHUNK) {
      const to = Math.min(instances, from + CHUNK) - 1;
      await client.query(
        `WITH source AS (
           SELECT i, org, word, env, created_at,
                  created_at + make_interval(secs => (i * 7919) % 86400) AS updated_at,
                  md5('instance-' || i) AS h, md5('event-' || i) AS e
             FROM (
               SELECT i,
                      ($3::uuid[])[CASE WHEN i < $4 THEN 1 ELSE 2 + ((i - $4) % (cardinality($3::uuid[]) - 1)) END] AS org,
                      ${wordSql(`i / ${PROJECT_SIZE}`)} AS word,
                      (i % 5)::int AS env,
                      now() - interval '730 days' + make_interval(secs => i * (63072000.0 / $5)) AS created_at
                 FROM generate_series($1::bigint, $2::bigint) AS i
             ) base
         ),
         rows AS (
           SELECT s.*,
                  (lpad(to_hex(floor(extract(epoch FROM created_at) * 1000)::bigint), 12, '0')
                    || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid AS id,
                  (lpad(to_hex(floor(extract(epoch FROM created_at) * 1000)::bigint), 12, '0')
                    || '7' || substr(e, 1, 3) || '9' || substr(e, 4, 15))::uuid AS event_id,
                  initcap(word) || ' ' || (ARRAY['${ENVIRONMENTS.map((e) => e[0].toUpperCase() + e.slice(1)).join("','")}'])[env + 1]
                    || ' ' || upper((ARRAY['${REGIONS.join("','")}'])[1 + (i / 5) % 7]) AS name,
                  word || '-' || (ARRAY['${ENV_SHORT.join("','")}'])[env + 1] || '-'
                    || translate(lpad(to_hex(i), 6, '0'), '0123456789abcdef', 'abcdefghijklmnop') AS handle
             FROM source s
         ),
         created AS (
           INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
           SELECT id, org, org, name, handle, date_trunc('second', created_at), date_trunc('second', updated_at) FROM rows
         ),
         recorded AS (
           INSERT INTO outbox_events (id, type, version, aggregate_id, organization_id, payload, occurred_at)
           SELECT event_id, 'InstanceCreated', 1, id, org,
                  jsonb_build_object('instance_id', id, 'handle', handle, 'name', name, 'organization_id', org,
                    'created_at', to_char(date_trunc('second', created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                  date_trunc('second', created_at)
             FROM rows
         )
         INSERT INTO instance_activity (event_id, organization_id, instance_id, kind, handle, occurred_at)
         SELECT event_id, org, id, 'created', handle, date_trunc('second', created_at) FROM rows`,
        [from, to, organizationIds, big, instances],
      );
      log(`  seeded ${to + 1}/${instances} instances (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    for (const index of indexes) {
      const t = Date.now();
      await client.query(index.indexdef);
      log(`  rebuilt ${index.indexname} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
    await client.query('VACUUM (ANALYZE) instances');
    await client.query('VACUUM (ANALYZE) outbox_events');
    // The seeded events count as delivered (the activity rows are seeded with them): every
    // subscriber's cursor moves past them.
    await client.query(
      `UPDATE event_subscriptions SET (cursor_tx, cursor_position) =
         (SELECT tx_id, position FROM outbox_events ORDER BY tx_id DESC, position DESC LIMIT 1)`,
    );
    await client.query('VACUUM (ANALYZE) instance_activity');
    await client.query('ANALYZE'); // the other tables, as autovacuum would have by then
    await client.query('CHECKPOINT').catch(() => undefined); // needs a superuser; only tidies up
    await sleep(200);
  } finally {
    await client.end();
  }
}
