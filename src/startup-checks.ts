import { createServer } from 'node:net';
import type { Environment } from './config/environment.js';
import { holderOf, StartupError } from './shared/database/postmaster.js';

/**
 * What keeps a second instance from starting next to a running one, told in one line before it
 * touches anything: `main.ts` runs these first, and `npm start` runs them (src/preflight.ts) before
 * it rebuilds dist/, which the running instance is using.
 */
export async function refuseToRunTwice(env: Environment): Promise<void> {
  if (!env.DATABASE_URL) {
    const holder = holderOf(env.EMBEDDED_POSTGRES_DATA_DIR);
    if (holder.kind === 'service') {
      throw new StartupError(
        `The service is already running (PID ${holder.ownerPid}) on the embedded database in ${env.EMBEDDED_POSTGRES_DATA_DIR}: ` +
          'stop it first, or give this one its own EMBEDDED_POSTGRES_DATA_DIR, EMBEDDED_POSTGRES_PORT and PORT.',
      );
    }
  }
  if (env.PORT !== 0 && !(await canListen(env.HOST, env.PORT))) throw portInUse(env);
}

export function portInUse(env: Environment): StartupError {
  return new StartupError(
    `PORT ${env.PORT} on ${env.HOST} is already in use (is the service already running? try GET http://127.0.0.1:${env.PORT}/health): ` +
      'stop that process or choose another PORT.',
  );
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => done(error.code !== 'EADDRINUSE'));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}
