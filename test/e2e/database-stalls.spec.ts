import pg from 'pg';
import { DataSource } from 'typeorm';
import { randomHandle } from '../support/handles.js';
import { Fixtures, problemDefect, send, type Tenant } from '../support/hostile-client.js';
import { eventually } from '../support/eventually.js';
import { within } from '../support/slow-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const QUERY_TIMEOUT_MS = 1000;
const CONNECT_TIMEOUT_MS = 1000;
/** Query timeout, the client's grace after it, a connection attempt, and scheduling slack. */
const ANSWER_BOUND_MS = QUERY_TIMEOUT_MS + 1000 + CONNECT_TIMEOUT_MS + 1500;

const databaseUrl = (): string => {
  const url = process.env.TEST_DATABASE_RUN_URL;
  if (!url) throw new Error('TEST_DATABASE_RUN_URL is unset: run the tests through jest (global setup)');
  return url;
};

const timeouts = { DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS), AUTH_CACHE_TTL_MS: '0' };

/** Sends the requests together; each answer with how long it took, or 'still open' past the bound. */
async function timed(requests: (() => Promise<{ status: number; headers: Headers; text: string }>)[]) {
  return Promise.all(
    requests.map(async (request) => {
      const started = performance.now();
      const response = await within(request(), ANSWER_BOUND_MS + 5000);
      return response === 'still open' ? response : { ...response, ms: Math.round(performance.now() - started) };
    }),
  );
}

function expectBounded503s(answers: Awaited<ReturnType<typeof timed>>): void {
  for (const answer of answers) {
    expect(answer).not.toBe('still open');
    if (answer === 'still open') continue;
    expect({ status: answer.status, defect: problemDefect(answer) }).toEqual({ status: 503, defect: undefined });
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
  }
}

describe('database timeouts', () => {
  it('sets statement_timeout, lock_timeout and idle_in_transaction_session_timeout on the pool connections', async () => {
    const t = await startTestApp(timeouts);
    try {
      const [settings] = await t.app.get(DataSource).query(
        `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
                  current_setting('idle_in_transaction_session_timeout') AS idle`,
      );
      expect(settings).toEqual({ statement: '1s', lock: '1s', idle: '1min' });
    } finally {
      await t.close();
    }
  });
});

describe('a stalled database (a proxy that stops forwarding)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    const target = new URL(databaseUrl());
    proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.start();
    t = await startTestApp(
      { ...timeouts, DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS), LOG_LEVEL: 'silent' },
      proxy.urlFor(databaseUrl()),
    );
  });
  afterAll(async () => {
    proxy?.resume();
    await t?.close().catch(() => undefined);
    await proxy?.cut();
  });

  it('answers 503 problem documents within the bound, and serves again once the database answers', async () => {
    const fixtures = new Fixtures(t.baseUrl);
    const owner: Tenant = await fixtures.partner('Stalled');
    const organizationId = await fixtures.organization(owner, 'Stalled');
    const list = `/api/organizations/${organizationId}/instances`;
    expect((await send(t.baseUrl, 'GET', list, { key: owner.apiKey })).status).toBe(200);

    proxy.pause();
    const answers = await timed([
      () => send(t.baseUrl, 'GET', list, { key: owner.apiKey }),
      () => send(t.baseUrl, 'POST', list, { key: owner.apiKey, json: { name: 'Stalled', handle: randomHandle() } }),
      () => send(t.baseUrl, 'GET', `/api/organizations/${organizationId}`, { key: owner.apiKey }),
      () => send(t.baseUrl, 'GET', '/api/organizations', { key: owner.apiKey }),
    ]);
    expectBounded503s(answers);
    const ready = await within(send(t.baseUrl, 'GET', '/health/ready'), ANSWER_BOUND_MS);
    expect(ready === 'still open' ? ready : ready.status).toBe(503);
    console.info(
      `database stalls: paused database: ${answers.map((a) => (a === 'still open' ? a : `${a.status} in ${a.ms} ms`)).join(', ')}`,
    );

    proxy.resume();
    const status = await eventually(
      async () => (await send(t.baseUrl, 'GET', list, { key: owner.apiKey })).status,
      (answered) => answered === 200,
      15_000,
    );
    expect(status).toBe(200);
  }, 60_000);
});

describe('a held lock', () => {
  it('answers 503 problem documents within the bound instead of waiting for the lock, then serves again', async () => {
    const t = await startTestApp(timeouts);
    const blocker = new pg.Client({ connectionString: databaseUrl() });
    await blocker.connect();
    try {
      const fixtures = new Fixtures(t.baseUrl);
      const owner = await fixtures.partner('Blocked');
      const organizationId = await fixtures.organization(owner, 'Blocked');
      const list = `/api/organizations/${organizationId}/instances`;
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE instances IN ACCESS EXCLUSIVE MODE');
      const answers = await timed([
        () => send(t.baseUrl, 'POST', list, { key: owner.apiKey, json: { name: 'Blocked', handle: randomHandle() } }),
        () => send(t.baseUrl, 'GET', list, { key: owner.apiKey }),
      ]);
      await blocker.query('COMMIT');
      expectBounded503s(answers);
      const created = await send(t.baseUrl, 'POST', list, {
        key: owner.apiKey,
        json: { name: 'Unblocked', handle: randomHandle() },
      });
      expect(created.status).toBe(201);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      await t.close();
    }
  }, 30_000);
});
