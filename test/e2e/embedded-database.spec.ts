import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../support/eventually.js';
import { DEVELOPMENT_KEY_ENCRYPTION_SECRET } from '../../src/integrations/infrastructure/key-encryption.js';
import { buildService, type ServiceBuild } from '../support/service-build.js';
import { freePort, type ServiceProcess, startService } from '../support/service-process.js';

/**
 * The service as `npm start` runs it, on its embedded PostgreSQL (no DATABASE_URL), in a data
 * directory of this test's own: killed, restarted, started twice, its database killed under it.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const isRoot = process.getuid?.() === 0;

/** Runs the built `script` (main.js or demo-key.js) until it exits: its exit code and output. */
function runToExit(
  build: ServiceBuild,
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(dirname(build.mainPath), script)], {
      cwd: resolve(build.mainPath, '../..'),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        // Required in production; the value the other service tests use.
        OAUTH_KEY_ENCRYPTION_SECRET: DEVELOPMENT_KEY_ENCRYPTION_SECRET,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

const lines = (output: string): string[] => output.split('\n').filter((line) => line.trim() !== '');
const demoKeyIn = (output: string): string | undefined => /^\s+(iak_\S+)$/m.exec(output)?.[1];
const postmasterPid = (dataDir: string): number =>
  Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let build: ServiceBuild;
beforeAll(async () => {
  build = await buildService();
}, 180_000);

describe('the service on its embedded PostgreSQL', () => {
  let root: string;
  let env: Record<string, string>;
  let dataDir: string;
  let service: ServiceProcess | undefined;
  let demoKey: string | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'instances-api-embedded-'));
    // The unprivileged postgres user (when run as root) must reach the data directory.
    chmodSync(root, 0o755);
    dataDir = join(root, 'pg');
    env = {
      EMBEDDED_POSTGRES_DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'error',
    };
  });
  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    if (existsSync(join(dataDir, 'postmaster.pid')) && isAlive(postmasterPid(dataDir))) {
      process.kill(postmasterPid(dataDir), 'SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('prints the demo key as a plain block even with LOG_LEVEL=error, and the key works', async () => {
    service = await startService(build, { env });
    demoKey = demoKeyIn(service.output());
    expect({ demoKey, output: service.output() }).toMatchObject({ demoKey: expect.stringMatching(/^iak_/) });
    expect(service.output()).toContain('Demo partner API key (shown once; `npm run demo:key` issues a new one):');
    const organizations = await fetch(`${service.baseUrl}/api/organizations`, {
      headers: { authorization: `Bearer ${demoKey}` },
    });
    expect(organizations.status).toBe(200);
  }, 90_000);

  it('refuses a second start next to the running one in one line, without disturbing it', async () => {
    const running = service!;
    const second = await runToExit(build, 'main.js', { ...env, PORT: String(await freePort()) });
    expect({ code: second.code, lines: lines(second.output) }).toEqual({
      code: 1,
      lines: [expect.stringMatching(/^The service is already running \(PID \d+\) on the embedded database in /)],
    });
    const samePort = await runToExit(build, 'main.js', { ...env, PORT: new URL(running.baseUrl).port });
    expect(samePort.code).toBe(1);
    expect(lines(samePort.output)).toHaveLength(1);
    expect((await fetch(`${running.baseUrl}/health/ready`)).status).toBe(200);
  }, 60_000);

  it('npm start next to the running one says so in one line before building: dist/ is left alone', async () => {
    const running = service!;
    const dist = join(ROOT, 'dist');
    const before = existsSync(dist) ? statSync(dist) : undefined;
    const result = await new Promise<{ code: number | null; output: string }>((done) => {
      execFile(
        'npm',
        ['start'],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            ...env,
            PORT: new URL(running.baseUrl).port,
            NODE_ENV: 'production',
            OAUTH_KEY_ENCRYPTION_SECRET: DEVELOPMENT_KEY_ENCRYPTION_SECRET,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) => done({ code: error ? ((error.code as number) ?? -1) : 0, output: stdout + stderr }),
      );
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/^The service is already running \(PID \d+\) on the embedded database in .*$/m);
    expect(result.output).not.toMatch(/^\s+at /m);
    const after = existsSync(dist) ? statSync(dist) : undefined;
    expect({ ino: after?.ino, mtime: after?.mtimeMs }).toEqual({ ino: before?.ino, mtime: before?.mtimeMs });
    expect((await fetch(`${running.baseUrl}/health/ready`)).status).toBe(200);
  }, 90_000);

  it('restarts its PostgreSQL when it dies: liveness fails meanwhile, then everything serves again', async () => {
    const running = service!;
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    const seen = new Set<number>();
    const ready = await eventually(
      async () => {
        seen.add((await fetch(`${running.baseUrl}/health`)).status);
        return (await fetch(`${running.baseUrl}/health/ready`)).status;
      },
      (status) => status === 200 && seen.has(503),
      30_000,
    );
    expect({ ready, liveness: [...seen].sort() }).toEqual({ ready: 200, liveness: [200, 503] });
    const organizations = await fetch(`${running.baseUrl}/api/organizations`, {
      headers: { authorization: `Bearer ${demoKey}` },
    });
    expect(organizations.status).toBe(200);
    expect((await fetch(`${running.baseUrl}/health`)).status).toBe(200);
  }, 60_000);

  it('after kill -9 of the service, the next start stops the orphaned PostgreSQL and comes up with the data', async () => {
    const killed = service!;
    const orphan = postmasterPid(dataDir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    // The scenario: the server outlived the service, holding the port and the data directory.
    expect(isAlive(orphan)).toBe(true);
    service = await startService(build, { env: { ...env, LOG_LEVEL: 'info' } });
    expect(service.output()).toContain(
      `Stopping the embedded PostgreSQL (PID ${orphan}) left running by a service that died`,
    );
    expect(service.output()).toContain(
      `Database: embedded PostgreSQL on 127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}, data in ${dataDir}`,
    );
    expect(isAlive(orphan)).toBe(false);
    const organizations = await fetch(`${service.baseUrl}/api/organizations`, {
      headers: { authorization: `Bearer ${demoKey}` },
    });
    expect(organizations.status).toBe(200);
    // No second demo key: the database kept its partners.
    expect(demoKeyIn(service.output())).toBeUndefined();
  }, 90_000);

  it('npm run demo:key issues a working key for the demo partner while the service runs', async () => {
    const running = service!;
    const result = await runToExit(build, 'demo-key.js', env);
    const key = demoKeyIn(result.output);
    expect({ code: result.code, key }).toEqual({ code: 0, key: expect.stringMatching(/^iak_/) });
    expect(key).not.toBe(demoKey);
    const organizations = await fetch(`${running.baseUrl}/api/organizations`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(organizations.status).toBe(200);
    const body = (await organizations.json()) as { totalItems: number };
    expect(body.totalItems).toBe(1);
  }, 60_000);
});

describe('failures to start: one line naming the cause', () => {
  let root: string;
  let blocker: Server | undefined;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'instances-api-start-'));
    chmodSync(root, 0o755);
  });
  afterAll(() => {
    blocker?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('names every invalid variable at once', async () => {
    const result = await runToExit(build, 'main.js', { PORT: 'abc', DATABASE_URL: 'garbage', LOG_LEVEL: 'loud' });
    expect({ code: result.code, lines: lines(result.output) }).toEqual({
      code: 1,
      lines: [
        'Invalid environment variable PORT="abc": is not a number: expected an integer from 0 to 65535',
        'Invalid environment variable DATABASE_URL: is not a valid URL: expected postgres://user:password@host:5432/database',
        'Invalid environment variable LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent',
      ],
    });
  });

  it('an unreachable DATABASE_URL, without its password', async () => {
    const port = await freePort();
    const result = await runToExit(build, 'main.js', { DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/app` });
    expect({ code: result.code, lines: lines(result.output) }).toEqual({
      code: 1,
      lines: [
        `Cannot connect to DATABASE_URL (postgres://app@127.0.0.1:${port}/app): connect ECONNREFUSED 127.0.0.1:${port}`,
      ],
    });
  });

  it('EMBEDDED_POSTGRES_PORT taken by another process', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((done) => blocker!.listen(port, '127.0.0.1', done));
    const result = await runToExit(build, 'main.js', {
      EMBEDDED_POSTGRES_DATA_DIR: join(root, 'taken-port'),
      EMBEDDED_POSTGRES_PORT: String(port),
      PORT: String(await freePort()),
    });
    expect({ code: result.code, lines: lines(result.output) }).toEqual({
      code: 1,
      lines: [
        `EMBEDDED_POSTGRES_PORT ${port} is in use by another process: stop it, or choose another port with EMBEDDED_POSTGRES_PORT.`,
      ],
    });
  });

  (isRoot ? it : it.skip)('as root, a data directory inside a private (0700) directory', async () => {
    const closed = join(root, 'private');
    mkdirSync(closed, { mode: 0o700 });
    const result = await runToExit(build, 'main.js', {
      EMBEDDED_POSTGRES_DATA_DIR: join(closed, 'pg'),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      PORT: String(await freePort()),
    });
    expect({ code: result.code, lines: lines(result.output) }).toEqual({
      code: 1,
      lines: [expect.stringContaining(`the unprivileged user "postgres", which cannot enter ${closed}`)],
    });
  });
});
