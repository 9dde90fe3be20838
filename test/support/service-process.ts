import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { ServiceBuild } from './service-build.js';
import { TEST_ADMIN_KEY } from './test-app.js';
import { DEVELOPMENT_KEY_ENCRYPTION_SECRET } from '../../src/integrations/infrastructure/key-encryption.js';

export interface ServiceProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/**
 * Starts the built service on `port` against `databaseUrl` (none: its embedded database) and waits
 * until /health/ready answers 200.
 */
export async function startService(
  build: ServiceBuild,
  options: { databaseUrl?: string; port?: number; env?: Record<string, string> },
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [build.mainPath], {
    cwd: resolve(build.mainPath, '../..'),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      DATABASE_POOL_SIZE: '20',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      // The secret the in-process test apps use (unset there): they share the database's signing keys.
      OAUTH_KEY_ENCRYPTION_SECRET: DEVELOPMENT_KEY_ENCRYPTION_SECRET,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The service exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (ready?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The service did not become ready within 60 s:\n${output}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  return { baseUrl, child, exited, output: () => output };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
