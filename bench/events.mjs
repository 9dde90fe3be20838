// Event lag under load: for the InstanceCreated events of a create run, the time from the event's
// `occurred_at` (stamped by the service just before the one statement that commits the instance and
// its event) to its first delivery. Read from the outbox tables generically, so that it survives a
// change of relay: the first delivery of an event is the earliest of `outbox_events.published_at`
// (if that column exists) and of any delivery timestamp column of a table keyed by `event_id` (one
// row per subscriber and event, for example).
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

const DELIVERY_COLUMNS = ['delivered_at', 'published_at', 'succeeded_at', 'completed_at'];

/** The SQL expression giving an event's first delivery (alias `e` for outbox_events), and its joins. */
export async function eventLagSources(databaseUrl) {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT table_name, array_agg(column_name::text) AS columns FROM information_schema.columns
        WHERE table_schema = current_schema() GROUP BY table_name`,
    );
    const joins = [];
    const firsts = [];
    for (const { table_name: table, columns } of rows) {
      if (table === 'outbox_events') {
        if (columns.includes('published_at')) firsts.push('e.published_at');
        continue;
      }
      const column = DELIVERY_COLUMNS.find((name) => columns.includes(name));
      if (!columns.includes('event_id') || !column) continue;
      const alias = `d${joins.length}`;
      joins.push(
        `LEFT JOIN (SELECT event_id, min("${column}") AS first FROM "${table}" GROUP BY event_id) ${alias} ON ${alias}.event_id = e.id`,
      );
      firsts.push(`${alias}.first`);
    }
    if (firsts.length === 0) throw new Error('No delivery timestamp found in the outbox tables');
    return {
      description: firsts.join(', '),
      firstDelivery: firsts.length === 1 ? firsts[0] : `LEAST(${firsts.join(', ')})`,
      joins: joins.join('\n'),
    };
  } finally {
    await client.end();
  }
}

/**
 * The lag of the events the organization recorded in [from, to): how many were still undelivered
 * when the run ended (backlog), then, once all are delivered (or after `waitMs`), p50/p99/max of
 * their lag and how long the backlog took to drain.
 */
export async function eventLag(databaseUrl, sources, { organizationId, from, to, waitMs = 60_000 }) {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  const statement = `SELECT count(*)::int AS events, count(first)::int AS delivered,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
        percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99, max(lag) AS max
      FROM (SELECT ${sources.firstDelivery} AS first,
                   extract(epoch FROM ${sources.firstDelivery} - e.occurred_at) * 1000 AS lag
              FROM outbox_events e
              ${sources.joins}
             WHERE e.organization_id = $1 AND e.type = 'InstanceCreated'
               AND e.occurred_at >= $2 AND e.occurred_at < $3) events`;
  const measure = async () => (await client.query(statement, [organizationId, from, to])).rows[0];
  try {
    const atEnd = await measure();
    const started = Date.now();
    let last = atEnd;
    while (last.delivered < last.events && Date.now() - started < waitMs) {
      await sleep(100);
      last = await measure();
    }
    const rounded = (ms) => (ms === null ? null : Math.round(ms * 10) / 10);
    return {
      events: last.events,
      delivered: last.delivered,
      backlogAtEnd: atEnd.events - atEnd.delivered,
      drainSeconds: Math.round((Date.now() - started) / 100) / 10,
      lagP50Ms: rounded(last.p50),
      lagP99Ms: rounded(last.p99),
      lagMaxMs: rounded(last.max),
    };
  } finally {
    await client.end();
  }
}
