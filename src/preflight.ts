import { existsSync } from 'node:fs';
import { InvalidEnvironmentError, loadEnvironment } from './config/environment.js';
import { StartupError } from './shared/database/postmaster.js';
import { refuseToRunTwice } from './startup-checks.js';

/**
 * `npm start` and `npm run dev` run this (with tsx, from the sources) before building: a bad
 * configuration or a service already running is told in one line, and the running service's
 * dist/ is not deleted by the rebuild.
 */
try {
  if (existsSync('.env')) process.loadEnvFile('.env');
  await refuseToRunTwice(loadEnvironment());
} catch (error) {
  if (!(error instanceof InvalidEnvironmentError || error instanceof StartupError)) throw error;
  console.error(error.message);
  process.exit(1);
}
