import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '../../config/environment.js';
import { resolveDatabase } from '../database/resolve-database.js';
import { Sql } from '../database/sql.js';
import { replayDead } from './delivery-store.js';

/**
 * `npm run events:replay -- --subscriber <name> --since <time>`: the subscriber's dead deliveries of
 * events since that time become pending again, due now; a running service delivers them (in order
 * per instance, ahead of that instance's later pending events). Against DATABASE_URL or the
 * embedded database.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { subscriber: { type: 'string' }, since: { type: 'string' } } });
  const since = values.since === undefined ? Number.NaN : Date.parse(values.since);
  if (!values.subscriber || Number.isNaN(since)) {
    throw new Error('Usage: npm run events:replay -- --subscriber <name> --since <ISO 8601 time>');
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const database = await resolveDatabase(loadEnvironment());
  const dataSource = new DataSource({ type: 'postgres', url: database.url });
  await dataSource.initialize();
  try {
    const { length: count } = await new Sql(dataSource).rows(replayDead(values.subscriber, new Date(since)));
    console.log(
      `${count} dead ${count === 1 ? 'delivery' : 'deliveries'} of ${values.subscriber} since ${new Date(since).toISOString()} pending again`,
    );
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
