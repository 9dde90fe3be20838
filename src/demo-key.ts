import { existsSync } from 'node:fs';
import { createApp } from './bootstrap.js';
import { InvalidEnvironmentError, loadEnvironment } from './config/environment.js';
import { issueDemoKey, printDemoKey } from './demo-seed.js';
import { StartupError } from './shared/database/postmaster.js';
import { resolveDatabase } from './shared/database/resolve-database.js';

/**
 * `npm run demo:key`: issues a new API key for the demo partner, on the embedded database (that of
 * the running service, or started for the moment) or DATABASE_URL. Older keys keep working.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = loadEnvironment({ ...process.env, LOG_LEVEL: 'error' });
  const database = await resolveDatabase(env, { whenInUse: 'attach' });
  try {
    const app = await createApp(env, database.url);
    try {
      printDemoKey(
        await issueDemoKey(app),
        `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}/docs`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof InvalidEnvironmentError || error instanceof StartupError;
  console.error(known ? (error as Error).message : `demo:key failed: ${(error as Error).message}`);
  process.exit(1);
});
