import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap.js';
import { InvalidEnvironmentError, loadEnvironment } from './config/environment.js';
import { resolveDatabase } from './shared/database/resolve-database.js';
import { seedDemoPartner } from './demo-seed.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = loadEnvironment();
  const logger = new Logger('Bootstrap');
  const database = await resolveDatabase(env);
  const app = await createApp(env, database.url);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing in-flight requests`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  if (database.embedded && env.SEED_DEMO) await seedDemoPartner(app);
  await app.listen({ port: env.PORT, host: env.HOST });
  logger.log(`Listening on ${await app.getUrl()} (Swagger UI at /docs)`);
}

main().catch((error: unknown) => {
  // A configuration error is one clear line; anything else keeps its stack.
  console.error(error instanceof InvalidEnvironmentError ? error.message : error);
  process.exit(1);
});
