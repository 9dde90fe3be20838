import pg from 'pg';
import { eventually } from './eventually.js';

/** Backends of the test run's database waiting on a lock now, among statements matching `matching`. */
export async function countLockWaiters(matching = ''): Promise<number> {
  return withClient((client) => lockWaitersOn(client, matching));
}

/**
 * Resolves once `count` backends of the test run's database wait on a lock (pg_stat_activity), among
 * the statements whose text matches `matching` (a PostgreSQL regular expression): the statement a
 * test sent is blocked by the transaction the test holds open, so what the test does next happens
 * to a waiting statement, however long it took to get there.
 */
export async function waitForLockWaiters(
  options: { count?: number; matching?: string; timeoutMs?: number } = {},
): Promise<void> {
  const { count = 1, matching = '', timeoutMs = 10_000 } = options;
  await withClient((client) =>
    eventually(
      () => lockWaitersOn(client, matching),
      (waiting) => waiting >= count,
      timeoutMs,
    ).catch((error: Error) => {
      const which = matching ? ` matching /${matching}/` : '';
      throw new Error(`Expected ${count} statement(s)${which} waiting on a lock. ${error.message}`);
    }),
  );
}

async function lockWaitersOn(client: pg.Client, matching: string): Promise<number> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ~ $1`,
    [matching],
  );
  return rows[0].waiting as number;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(process.env.TEST_DATABASE_RUN_URL);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
