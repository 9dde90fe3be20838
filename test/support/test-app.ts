import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap.js';
import { loadEnvironment } from '../../src/config/environment.js';
import { ApiClient } from './api-client.js';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestApp {
  app: NestFastifyApplication;
  api: ApiClient;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real application, listening on a free loopback port, on the test run's database. */
export async function startTestApp(
  env: Record<string, string> = {},
  url = process.env.TEST_DATABASE_RUN_URL,
  extraModules: Type[] = [],
): Promise<TestApp> {
  if (!url) throw new Error('TEST_DATABASE_RUN_URL is unset: run the tests through jest (global setup)');
  const environment = loadEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'true',
    SEED_DEMO: 'false',
    DATABASE_POOL_SIZE: '5',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    // Off unless a test asks for it: the suite makes far more requests per key than a partner would.
    RATE_LIMIT_PER_MINUTE: '0',
    // Likewise: the isolation matrix and the fuzzer send many wrong keys from one address on purpose.
    AUTH_FAILURES_PER_MINUTE: '0',
    // Members join by invitation (test/support/api-client.ts addMember): fixtures invite far more often.
    INVITATIONS_PER_ORGANIZATION_PER_HOUR: '100000',
    ...env,
  });
  const app = await createApp(environment, url, { extraModules });
  // PORT given: listen there (a test that must know its URL beforehand, e.g. for PUBLIC_URL).
  await app.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, api: new ApiClient(baseUrl), baseUrl, close: () => app.close() };
}
