import pg from 'pg';
import { eventually } from './eventually.js';

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
  const client = new pg.Client(process.env.TEST_DATABASE_RUN_URL);
  await client.connect();
  try {
    await eventually(
      async () =>
        (
          await client.query(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ~ $1`,
            [matching],
          )
        ).rows[0].waiting as number,
      (waiting) => waiting >= count,
      timeoutMs,
    ).catch((error: Error) => {
      const which = matching ? ` matching /${matching}/` : '';
      throw new Error(`Expected ${count} statement(s)${which} waiting on a lock. ${error.message}`);
    });
  } finally {
    await client.end();
  }
}
