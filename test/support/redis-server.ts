import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './service-process.js';

export interface TestRedis {
  url: string;
  /** Where it came from, for the test's log. */
  origin: 'running' | 'started';
  stop(): Promise<void>;
}

/**
 * A Redis for the tests that need one: TEST_REDIS_URL (which must answer), else the one on
 * 127.0.0.1:6379 if it answers, else a throw-away `redis-server` on a free loopback port when the
 * binary is installed; undefined when none of these is possible (the caller skips loudly).
 */
export async function redisForTests(): Promise<TestRedis | undefined> {
  const given = process.env.TEST_REDIS_URL;
  const url = given ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) return { url, origin: 'running', stop: async () => undefined };
  if (given) throw new Error(`TEST_REDIS_URL=${given} does not answer PING`);
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const started = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50 && !(await answers(started)); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  if (!(await answers(started))) {
    await stop();
    throw new Error(`redis-server started on port ${port} but does not answer PING`);
  }
  return { url: started, origin: 'started', stop };
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
