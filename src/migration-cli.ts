import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';
// For its modules' TypeOrmModule.forFeature registrations: autoLoadEntities below finds the
// entities the application loads, the same way the application does (nothing is started).
import './app.module.js';
import { loadEnvironment } from './config/environment.js';
import { writeMigration } from './shared/database/migration-files.js';
import { resolveDatabase } from './shared/database/resolve-database.js';

/**
 * `npm run migration:run | migration:revert | migration:generate -- <Name>`, against DATABASE_URL or
 * the embedded database.
 */
const migrationsFolder = resolve(process.cwd(), 'migrations');

async function main(): Promise<void> {
  const [action, name] = process.argv.slice(2);
  if (existsSync('.env')) process.loadEnvFile('.env');
  const database = await resolveDatabase(loadEnvironment(), { whenInUse: 'attach' });
  const context = await NestFactory.createApplicationContext(
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: database.url,
      autoLoadEntities: true,
      migrations,
      migrationsTransactionMode: 'each',
      logging: ['error', 'migration'],
      retryAttempts: 0,
    }),
    { logger: ['error'] },
  );
  try {
    const dataSource = context.get(DataSource);
    if (action === 'run') await dataSource.runMigrations();
    else if (action === 'revert') await dataSource.undoLastMigration();
    else if (action === 'generate') await generate(dataSource, name);
    else throw new Error('Usage: migration-cli <run|revert|generate Name>');
  } finally {
    await context.close();
    await database.stop();
  }
}

/** Writes the SQL that brings the database to the entities' shape, as TypeORM's generator does. */
async function generate(dataSource: DataSource, name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error('Give the migration a PascalCase name');
  await dataSource.runMigrations();
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log('The schema already matches the entities: no migration generated.');
    return;
  }
  const file = await writeMigration(migrationsFolder, name, sql.upQueries, [...sql.downQueries].reverse());
  console.log(`Generated ${file}; review it, then npm run migration:run`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
