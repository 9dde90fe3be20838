import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './bootstrap.js';
import { InvalidEnvironmentError, loadEnvironment } from './config/environment.js';
import { StartupError } from './shared/database/postmaster.js';
import { resolveDatabase, type ResolvedDatabase } from './shared/database/resolve-database.js';
import { printDemoKey, seedDemoPartner } from './demo-seed.js';
import { portInUse, refuseToRunTwice } from './startup-checks.js';

let database: ResolvedDatabase | undefined;
let app: NestFastifyApplication | undefined;

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = loadEnvironment();
  const logger = new Logger('Bootstrap');
  await refuseToRunTwice(env);
  database = await resolveDatabase(env, {
    whenInUse: 'refuse',
    log: (line) => new Logger('EmbeddedPostgres').warn(line),
  });
  app = await createApp(env, database.url, { databaseRunning: database.embedded ? database.running : undefined });
  logger.log(`Database: ${database.description}`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing in-flight requests`);
    await app?.close();
    await database?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  const demo = database.embedded && env.SEED_DEMO ? await seedDemoPartner(app) : undefined;
  await app.listen({ port: env.PORT, host: env.HOST }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? portInUse(env) : error;
  });
  const url = await app.getUrl();
  logger.log(`Listening on ${url} (Swagger UI at /docs)`);
  if (demo) printDemoKey(demo, `${url}/docs`);
}

main().catch(async (error: unknown) => {
  // Every failure to start is one line naming its cause; an unexpected one adds its stack only on request.
  const known = error instanceof InvalidEnvironmentError || error instanceof StartupError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(known ? message : `Start-up failed: ${message.split('\n')[0] || 'unknown error'}`);
  if (!known && /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) console.error(error);
  await app?.close().catch(() => undefined);
  await database?.stop().catch(() => undefined);
  process.exit(1);
});
