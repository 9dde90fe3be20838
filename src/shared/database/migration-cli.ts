import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '../../config/environment.js';
import { migrations } from '../../../migrations/index.js';
import { resolveDatabase } from './resolve-database.js';

/**
 * `npm run migration:run | migration:revert | migration:generate -- <Name>`, against DATABASE_URL or
 * the embedded database. Runs from the build, so entities are the compiled `*.entity.js` files.
 */
const here = dirname(fileURLToPath(import.meta.url));
const compiledSource = resolve(here, '..', '..');
const migrationsFolder = resolve(process.cwd(), 'migrations');

async function main(): Promise<void> {
  const [action, name] = process.argv.slice(2);
  if (existsSync('.env')) process.loadEnvFile('.env');
  const database = await resolveDatabase(loadEnvironment(), { whenInUse: 'attach' });
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    entities: [join(compiledSource, '**', '*.entity.js')],
    migrations,
    migrationsTransactionMode: 'each',
    logging: ['error', 'migration'],
  });
  await dataSource.initialize();
  try {
    if (action === 'run') await dataSource.runMigrations();
    else if (action === 'revert') await dataSource.undoLastMigration();
    else if (action === 'generate') await generate(dataSource, name);
    else throw new Error('Usage: migration-cli <run|revert|generate Name>');
  } finally {
    await dataSource.destroy();
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
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const file = `${timestamp}-${name}`;
  const statements = (queries: { query: string; parameters?: unknown[] }[]) =>
    queries
      .map(
        (q) =>
          `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
      )
      .join('\n');
  writeFileSync(
    join(migrationsFolder, `${file}.ts`),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(sql.upQueries)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements([...sql.downQueries].reverse())}
  }
}
`,
  );
  writeMigrationIndex();
  console.log(`Generated migrations/${file}.ts; review it, then npm run migration:run`);
}

/** Rewrites migrations/index.ts from the migration files present, oldest first. */
function writeMigrationIndex(): void {
  const files = readdirSync(migrationsFolder)
    .filter((file) => /^\d+-[A-Za-z0-9]+\.ts$/.test(file))
    .sort()
    .map((file) => {
      const [timestamp, name] = file.slice(0, -3).split('-');
      return { module: file.slice(0, -3), className: `${name}${timestamp}` };
    });
  writeFileSync(
    join(migrationsFolder, 'index.ts'),
    [
      '// Every migration, oldest first. Written by `npm run migration:generate -- <Name>`.',
      ...files.map((f) => `import { ${f.className} } from './${f.module}.js';`),
      '',
      `export const migrations = [${files.map((f) => f.className).join(', ')}];`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
