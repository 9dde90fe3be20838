// Writes the OpenAPI document the application serves at /docs-json (3.0) to a file, and the one at
// /api/docs.jsonopenapi (3.1) to a second file when given, without listening on a port: the built
// app (`npm run build` first) is started on a throw-away embedded PostgreSQL and asked in memory
// (Fastify's inject).
//   node test/tools/export-openapi.mjs [3.0 output, default dist/openapi.json] [3.1 output]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const outputs = [
  [resolve(process.argv[2] ?? 'dist/openapi.json'), '/docs-json'],
  ...(process.argv[3] ? [[resolve(process.argv[3]), '/api/docs.jsonopenapi']] : []),
];
const dist = new URL('../../dist/src/', import.meta.url);
const { createApp } = await import(new URL('bootstrap.js', dist).href);
const { loadEnvironment } = await import(new URL('config/environment.js', dist).href);
const { startEmbeddedPostgres } = await import(new URL('shared/database/embedded-postgres.js', dist).href);

const dataDir = mkdtempSync(join(tmpdir(), 'instances-api-openapi-pg-'));
const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
try {
  const environment = loadEnvironment({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'true',
    SEED_DEMO: 'false',
    DATABASE_POOL_SIZE: '2',
    // Production requires one; the throw-away database needs no stable one.
    OAUTH_KEY_ENCRYPTION_SECRET: randomBytes(32).toString('base64url'),
  });
  const app = await createApp(environment, database.url);
  try {
    for (const [output, url] of outputs) {
      const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url });
      if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}`);
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, `${JSON.stringify(JSON.parse(response.body), null, 2)}\n`);
      console.log(`OpenAPI document (${url}) written to ${output}`);
    }
  } finally {
    await app.close();
  }
} finally {
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}
