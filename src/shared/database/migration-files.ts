import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Statement {
  query: string;
  parameters?: unknown[];
}

const MIGRATION_FILE = /^(\d+)-([A-Za-z0-9]+)\.ts$/;

/**
 * Writes `<timestamp>-<name>.ts` with the given statements and rewrites the folder's index.ts, both
 * formatted as `npm run lint` wants them. The timestamp follows the newest migration even when the
 * clock is behind it: the index (and TypeORM) order migrations by it.
 */
export async function writeMigration(
  folder: string,
  name: string,
  up: Statement[],
  down: Statement[],
): Promise<string> {
  const newest = Math.max(0, ...migrationFiles(folder).map((file) => file.timestamp));
  const timestamp = Math.max(Date.now(), newest + 1);
  const className = `${name}${timestamp}`;
  const file = join(folder, `${timestamp}-${name}.ts`);
  const statements = (queries: Statement[]) =>
    queries
      .map(
        (q) =>
          `await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
      )
      .join('\n');
  await writeFormatted(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements(down)}
  }
}
`,
  );
  await writeMigrationIndex(folder);
  return file;
}

/** Rewrites index.ts from the migration files present, oldest first. */
async function writeMigrationIndex(folder: string): Promise<void> {
  const files = migrationFiles(folder);
  await writeFormatted(
    join(folder, 'index.ts'),
    [
      '// Every migration, oldest first. Written by `npm run migration:generate -- <Name>`.',
      ...files.map((f) => `import { ${f.className} } from './${f.module}.js';`),
      '',
      `export const migrations = [${files.map((f) => f.className).join(', ')}];`,
      '',
    ].join('\n'),
  );
}

function migrationFiles(folder: string) {
  return readdirSync(folder)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((match) => match !== null)
    .map(([file, timestamp, name]) => ({
      timestamp: Number(timestamp),
      module: file.slice(0, -'.ts'.length),
      className: `${name}${timestamp}`,
    }))
    .sort((a, b) => a.timestamp - b.timestamp);
}

/** With the project's Prettier settings; Prettier is a development tool, loaded only to generate. */
async function writeFormatted(file: string, source: string): Promise<void> {
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(file);
  writeFileSync(file, await prettier.format(source, { ...options, filepath: file }));
}
