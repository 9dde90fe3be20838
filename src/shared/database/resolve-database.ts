import type { Environment } from '../../config/environment.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** `DATABASE_URL` when set; otherwise an embedded PostgreSQL whose data survives restarts. */
export async function resolveDatabase(env: Environment): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const { startEmbeddedPostgres } = await importWithoutSignalHandlers(() => import('./embedded-postgres.js'));
  const server = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_POSTGRES_DATA_DIR,
    port: env.EMBEDDED_POSTGRES_PORT,
    persistent: true,
  });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}

/**
 * Loaded only when needed: `embedded-postgres` installs signal handlers (async-exit-hook) that, on
 * SIGTERM, stop the database and exit with 143 while requests are still draining. main.ts owns
 * shutdown (drain, then stop the database, then exit 0), so those handlers are taken off again.
 */
async function importWithoutSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return module;
}
