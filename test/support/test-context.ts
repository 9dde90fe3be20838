import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module.js';
import { loadEnvironment } from '../../src/config/environment.js';

/**
 * The application's providers without HTTP (integration tier): the real modules, wired as in
 * production, on the test run's database, migrated at boot.
 */
export async function startTestContext(url = process.env.TEST_DATABASE_RUN_URL): Promise<INestApplicationContext> {
  if (!url) throw new Error('TEST_DATABASE_RUN_URL is unset: run the tests through jest (global setup)');
  const env = loadEnvironment({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MIGRATIONS_RUN: 'true', SEED_DEMO: 'false' });
  return NestFactory.createApplicationContext(
    AppModule.register(env, {
      url,
      poolSize: 5,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
      idleInTransactionTimeoutMs: 60_000,
      migrationsRun: true,
    }),
    { logger: false },
  );
}
