import type { Environment } from '../../config/environment.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise an embedded PostgreSQL whose data survives restarts. */
export async function resolveDatabase(env: Environment): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_POSTGRES_DATA_DIR,
    port: env.EMBEDDED_POSTGRES_PORT,
    persistent: true,
  });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}
