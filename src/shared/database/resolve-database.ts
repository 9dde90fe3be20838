import pg from 'pg';
import type { Environment } from '../../config/environment.js';
import { StartupError } from './postmaster.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Which database, for the start-up log; never the password. */
  description: string;
  /** Whether the database process is running: always true for an external one (not ours to watch). */
  running(): boolean;
  stop(): Promise<void>;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * `DATABASE_URL` when set (checked to answer, so that a wrong one fails in one line); otherwise an
 * embedded PostgreSQL whose data survives restarts. `whenInUse: 'attach'` lets a command-line tool
 * use the embedded server of a running service instead of refusing to start.
 */
export async function resolveDatabase(
  env: Environment,
  options: { whenInUse: 'refuse' | 'attach'; log?: (line: string) => void } = { whenInUse: 'refuse' },
): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    await checkReachable(url, env.DATABASE_CONNECT_TIMEOUT_MS);
    return { url, embedded: false, description: describeUrl(url), running: () => true, stop: async () => undefined };
  }
  const { startEmbeddedPostgres } = await importWithoutSignalHandlers(() => import('./embedded-postgres.js'));
  const server = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_POSTGRES_DATA_DIR,
    port: env.EMBEDDED_POSTGRES_PORT,
    persistent: true,
    whenInUse: options.whenInUse,
    log: options.log,
  });
  return { ...server, embedded: true };
}

/** "external PostgreSQL postgres://user@host:5432/db (DATABASE_URL)", without the password. */
function describeUrl(url: string): string {
  return `external PostgreSQL ${withoutPassword(url)} (DATABASE_URL)`;
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

async function checkReachable(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(`Cannot connect to DATABASE_URL (${withoutPassword(url)}): ${messageOf(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: string; code?: string };
  const first = message?.split('\n')[0] || code || 'no answer';
  return code && !first.includes(code) ? `${first} (${code})` : first;
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
