import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Socket } from 'node:net';
import pg from 'pg';
import { randomHandle } from '../support/handles.js';
import { Fixtures, problemDefect, send, type Tenant } from '../support/hostile-client.js';
import { buildService, type ServiceBuild } from '../support/service-build.js';
import { freePort, startService } from '../support/service-process.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp } from '../support/test-app.js';
import { eventually } from '../support/eventually.js';
import { waitForLockWaiters } from '../support/lock-waits.js';

/** Kill rounds and creates per round; npm run test:chaos raises both. */
const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 1);
const CREATES = Number(process.env.CHAOS_CREATES ?? 200);
const CONCURRENCY = 16;
/** The killed process's delivery leases expire after this, so that the restarted one takes over soon. */
const SHORT_LEASE = { EVENT_DELIVERY_LEASE_MS: '2000' };
/** Events of the organizations not yet delivered to the example consumer (see test/support/event-delivery.ts). */
const UNDELIVERED_TO_ACTIVITY = `SELECT count(*)::int AS count
    FROM outbox_events e LEFT JOIN event_subscriptions s ON s.subscriber = 'instance-activity'
   WHERE e.organization_id = ANY($1)
     AND (s.subscriber IS NULL OR (e.tx_id, e.position) > (s.cursor_tx, s.cursor_position)
          OR EXISTS (SELECT 1 FROM event_deliveries d
                      WHERE d.subscriber = 'instance-activity' AND d.event_id = e.id AND d.state <> 'delivered'))`;

/** The statement of a create (TypeORM may quote the table name). */
const INSERT_INTO_INSTANCES = 'INSERT INTO "?instances"? ';

const databaseUrl = (): string => {
  const url = process.env.TEST_DATABASE_RUN_URL;
  if (!url) throw new Error('TEST_DATABASE_RUN_URL is unset: run the tests through jest (global setup)');
  return url;
};

/** One request on a connection of its own (no keep-alive reuse): its fate is its own. */
function requestOnce(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') responseHeaders.set(name, value);
        }
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text: Buffer.concat(chunks).toString() });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('crashes and shutdowns of the real service process', () => {
  let build: ServiceBuild;
  let db: pg.Pool;

  beforeAll(async () => {
    build = await buildService();
    db = new pg.Pool({ connectionString: databaseUrl(), max: 3 });
  }, 180_000);
  afterAll(async () => {
    await db?.end();
  });

  it(
    `SIGKILL during ${CREATES} creates x ${ROUNDS} round(s): every 201 readable after restart, every instance with its event, all events delivered to the consumer`,
    async () => {
      const port = await freePort();
      let service = await startService(build, { databaseUrl: databaseUrl(), port, env: SHORT_LEASE });
      const fixtures = new Fixtures(service.baseUrl);
      const owner = await fixtures.partner('Crash owner');
      const organizations = [
        await fixtures.organization(owner, 'Crash A'),
        await fixtures.organization(owner, 'Crash B'),
      ];
      const created: { id: string; name: string; handle: string; organizationId: string }[] = [];
      const tally = { created: 0, failed: 0, undeliveredAtKill: 0 };

      for (let round = 0; round < ROUNDS; round++) {
        const baseUrl = service.baseUrl;
        let sent = 0;
        let answered = 0;
        let killed = false;
        const kill = () => {
          if (killed) return;
          killed = true;
          service.child.kill('SIGKILL');
        };
        const worker = async () => {
          while (!killed && sent < CREATES) {
            const index = sent++;
            const organizationId = organizations[index % organizations.length];
            const body = { name: `Crash ${round}.${index}`, handle: randomHandle('crash') };
            try {
              const response = await send(baseUrl, 'POST', `/api/organizations/${organizationId}/instances`, {
                key: owner.apiKey,
                json: body,
              });
              if (response.status === 201) {
                created.push({ ...body, id: response.body.id, organizationId });
                tally.created++;
              } else {
                expect(response.status).toBeLessThan(500);
              }
            } catch {
              tally.failed++; // The connection died with the process: the client does not know.
            }
            if (++answered === Math.floor(CREATES / 2)) kill();
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        kill();
        expect((await service.exited).signal).toBe('SIGKILL');
        const [{ count }] = (await db.query(UNDELIVERED_TO_ACTIVITY, [organizations])).rows;
        tally.undeliveredAtKill += count;
        service = await startService(build, { databaseUrl: databaseUrl(), port, env: SHORT_LEASE });
      }

      // Every create that was answered 201 is there, as it was answered.
      for (const instance of created) {
        const read = await send(
          service.baseUrl,
          'GET',
          `/api/organizations/${instance.organizationId}/instances/${instance.id}`,
          { key: owner.apiKey },
        );
        expect({ status: read.status, name: read.body?.name, handle: read.body?.handle }).toEqual({
          status: 200,
          name: instance.name,
          handle: instance.handle,
        });
      }
      // No instance without its event, no event without its instance.
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM instances i WHERE i.organization_id = ANY($1)
                   AND NOT EXISTS (SELECT 1 FROM outbox_events e WHERE e.aggregate_id = i.id))::int AS orphans,
                (SELECT count(*) FROM outbox_events e WHERE e.organization_id = ANY($1) AND e.type = 'InstanceCreated'
                   AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = e.aggregate_id))::int AS ghosts,
                (SELECT count(*) FROM instances i WHERE i.organization_id = ANY($1))::int AS stored`,
        [organizations],
      );
      expect(rows[0]).toMatchObject({ orphans: 0, ghosts: 0 });
      expect(rows[0].stored).toBeGreaterThanOrEqual(created.length);
      // Events the kill left undelivered to the consumer are delivered by the restarted process.
      const undelivered = await eventually(
        async () => (await db.query(UNDELIVERED_TO_ACTIVITY, [organizations])).rows[0].count as number,
        (count) => count === 0,
        15_000,
      );
      expect(undelivered).toBe(0);
      // The example consumer saw every event (its cursor passes an event only after the handler
      // committed, so no wait is needed here) and never counts an instance twice (redelivery is idempotent).
      const { rows: missing } = await db.query(
        `SELECT count(*)::int AS count FROM instances i WHERE i.organization_id = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM instance_activity a WHERE a.instance_id = i.id AND a.kind = 'created')`,
        [organizations],
      );
      const missed = missing[0].count as number;
      const { rows: doubles } = await db.query(
        `SELECT instance_id FROM instance_activity WHERE organization_id = ANY($1) AND kind = 'created'
          GROUP BY instance_id HAVING count(*) > 1`,
        [organizations],
      );
      console.info(
        `crashes: SIGKILL x ${ROUNDS} during ${CREATES} creates each: ${tally.created} x 201 all readable after restart, ` +
          `${rows[0].stored} instances stored (${rows[0].stored - created.length} committed without the client hearing), ` +
          `${tally.failed} requests cut off, 0 instances without event, ${tally.undeliveredAtKill} events undelivered at the kill, all delivered after restart, ${missed} not seen by the consumer`,
      );
      expect({ missed, doubles }).toEqual({ missed: 0, doubles: [] });

      service.child.kill('SIGTERM');
      const { code } = await service.exited;
      expect({ code, output: service.output() }).toMatchObject({ code: 0 });
    },
    120_000 * ROUNDS,
  );

  it('SIGTERM under load: in-flight creates complete, new requests are refused cleanly, exit code 0', async () => {
    const service = await startService(build, { databaseUrl: databaseUrl() });
    const fixtures = new Fixtures(service.baseUrl);
    const owner = await fixtures.partner('Draining owner');
    const organizationId = await fixtures.organization(owner, 'Draining');
    const path = `${service.baseUrl}/api/organizations/${organizationId}/instances`;
    const headers = { authorization: `Bearer ${owner.apiKey}`, 'content-type': 'application/ld+json' };

    // Creates held in flight: the test holds a lock that blocks every insert into instances.
    const blocker = await db.connect();
    const inFlight = 10;
    const handles = Array.from({ length: inFlight }, () => randomHandle('drain'));
    let pending: Promise<{ status: number; text: string }>[];
    let lateOutcomes: string[];
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE instances IN EXCLUSIVE MODE');
      pending = handles.map((handle) =>
        requestOnce(path, 'POST', headers, JSON.stringify({ name: 'Drain', handle })).catch((error: Error) => ({
          status: 0,
          text: `cut off: ${error.message}`,
        })),
      );
      // Creates share statements (CoalescedInserts, at most two at a time): one or two of them wait
      // on the lock, the other creates in the service for their turn. A moment more lets every
      // request reach the service: nothing of the drain below is timed from here.
      await waitForLockWaiters({ matching: INSERT_INTO_INSTANCES });
      await new Promise((resolve) => setTimeout(resolve, 500));

      service.child.kill('SIGTERM');
      // Draining from the moment a new request is refused as such (the liveness check may answer 503
      // for another reason: every pooled connection waits on the lock), or its connection refused.
      await eventually(
        () =>
          requestOnce(`${service.baseUrl}/health`, 'GET', {}).then(
            (response) => (response.text.includes('shutting down') ? 'draining' : String(response.status)),
            (error: NodeJS.ErrnoException) => String(error.code),
          ),
        (outcome) => outcome === 'draining' || outcome === 'ECONNREFUSED',
        10_000,
      );
      // New requests while draining: a 503 problem document or a refused connection, nothing else.
      const late = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          requestOnce(
            i % 2 ? path : `${service.baseUrl}/api/organizations`,
            i % 2 ? 'POST' : 'GET',
            headers,
            i % 2 ? JSON.stringify({ name: 'Late', handle: randomHandle('late') }) : undefined,
          ).then(
            (response) => {
              expect(response.status).toBe(503);
              expect(problemDefect(response)).toBeUndefined();
              // Security headers are set before any hook that may refuse, this one included.
              expect(response.headers.get('x-content-type-options')).toBe('nosniff');
              return 'refused with 503';
            },
            (error: NodeJS.ErrnoException) => {
              expect(error.code).toBe('ECONNREFUSED');
              return 'connection refused';
            },
          ),
        ),
      );
      lateOutcomes = late;
    } finally {
      await blocker.query('COMMIT');
      blocker.release();
    }

    const answers = await Promise.all(pending);
    expect({ statuses: answers.map((answer) => answer.status), output: service.output() }).toMatchObject({
      statuses: Array(inFlight).fill(201),
    });
    const { code } = await service.exited;
    expect({ code, output: service.output() }).toMatchObject({ code: 0 });
    const stored = await db.query('SELECT count(*)::int AS count FROM instances WHERE handle = ANY($1)', [handles]);
    expect(stored.rows[0].count).toBe(inFlight);
    const refused503 = lateOutcomes.filter((outcome) => outcome === 'refused with 503').length;
    console.info(
      `crashes: SIGTERM with ${inFlight} creates in flight: ${inFlight} x 201; 10 late requests: ${refused503} x 503 problem, ` +
        `${10 - refused503} x connection refused; exit code 0`,
    );
  }, 60_000);
});

describe('shutdown with a busy kept-alive connection', () => {
  it('completes the request in flight with Connection: close and does not wait for the keep-alive timeout', async () => {
    const t = await startTestApp({ LOG_LEVEL: 'silent' });
    const db = new pg.Client({ connectionString: databaseUrl() });
    await db.connect();
    const socket = new Socket();
    try {
      const fixtures = new Fixtures(t.baseUrl);
      const owner = await fixtures.partner('Pipelining');
      const organizationId = await fixtures.organization(owner, 'Pipelining');
      const { port } = new URL(t.baseUrl);
      const body = JSON.stringify({ name: 'Queued', handle: randomHandle('queued') });
      const create =
        `POST /api/organizations/${organizationId}/instances HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: Bearer ${owner.apiKey}\r\nContent-Type: application/ld+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const list = `GET /api/organizations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${owner.apiKey}\r\n\r\n`;

      // The create waits on a lock the test holds; a list is pipelined behind it on the same connection.
      await db.query('BEGIN');
      await db.query('LOCK TABLE instances IN EXCLUSIVE MODE');
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      await new Promise<void>((resolve) => socket.connect(Number(port), '127.0.0.1', resolve));
      socket.write(create + list);
      await waitForLockWaiters({ matching: INSERT_INTO_INSTANCES });
      const started = performance.now();
      const closing = t.close();
      // Closing from the moment the server stops listening: its hooks already answer as closing.
      await eventually(
        async () => t.app.getHttpServer().listening,
        (listening) => !listening,
        10_000,
      );
      await db.query('COMMIT');
      await closing;
      await closed;
      // Not held until the keep-alive timeout by the busy connection.
      expect(performance.now() - started).toBeLessThan(5_000);

      const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((match) => Number(match[1]));
      // The pipelined request is refused with a 503 problem, or left unanswered after a response that
      // said `Connection: close` (the client's cue to retry it).
      expect([[201], [201, 503]]).toContainEqual(statuses);
      const [first, second] = received.split(/(?=^HTTP\/1\.1 )/m);
      expect(first).toMatch(/\r\nconnection: close\r\n/i);
      if (second) {
        expect(second).toMatch(/\r\ncontent-type: application\/problem\+json/i);
        expect(second).toContain('"status":503');
      }
    } finally {
      socket.destroy();
      await db.end();
      await t.close().catch(() => undefined);
    }
  }, 30_000);
});

describe('database unavailable', () => {
  it('fails /health/ready, answers 503 problem documents, and recovers by itself when the database returns', async () => {
    const target = new URL(databaseUrl());
    const proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.start();
    const t = await startTestApp(
      { AUTH_CACHE_TTL_MS: '0', DATABASE_CONNECT_TIMEOUT_MS: '1000', LOG_LEVEL: 'error' },
      proxy.urlFor(databaseUrl()),
    );
    try {
      const fixtures = new Fixtures(t.baseUrl);
      const owner: Tenant = await fixtures.partner('Outage');
      const organizationId = await fixtures.organization(owner, 'Outage');
      const list = `/api/organizations/${organizationId}/instances`;
      expect((await send(t.baseUrl, 'GET', list, { key: owner.apiKey })).status).toBe(200);

      await proxy.cut();
      const cutAt = performance.now();
      expect((await send(t.baseUrl, 'GET', '/health/ready')).status).toBe(503);
      expect((await send(t.baseUrl, 'GET', '/health')).status).toBe(200);
      // A create sent with an Idempotency-Key during the outage: its 503 must not be replayed later.
      const retryKey = randomUUID();
      const retried = { name: 'Retried', handle: randomHandle() };
      const during = await Promise.all([
        send(t.baseUrl, 'GET', list, { key: owner.apiKey }),
        send(t.baseUrl, 'POST', list, { key: owner.apiKey, json: retried, headers: { 'idempotency-key': retryKey } }),
        send(t.baseUrl, 'GET', `/api/organizations/${organizationId}`, { key: owner.apiKey }),
      ]);
      for (const response of during) {
        expect(response.status).toBe(503);
        expect(problemDefect(response)).toBeUndefined();
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      const answeredWithin = Math.round(performance.now() - cutAt);

      await proxy.start();
      const restoredAt = performance.now();
      await eventually(
        async () => (await send(t.baseUrl, 'GET', '/health/ready')).status,
        (status) => status === 200,
        10_000,
      );
      const response = await send(t.baseUrl, 'GET', list, { key: owner.apiKey });
      expect(response.status).toBe(200);
      const created = await send(t.baseUrl, 'POST', list, {
        key: owner.apiKey,
        json: { name: 'After', handle: randomHandle() },
      });
      expect(created.status).toBe(201);
      const retry = await send(t.baseUrl, 'POST', list, {
        key: owner.apiKey,
        json: retried,
        headers: { 'idempotency-key': retryKey },
      });
      expect({ status: retry.status, replayed: retry.headers.get('idempotent-replayed') }).toEqual({
        status: 201,
        replayed: null,
      });
      console.info(
        `crashes: database cut: 503s answered within ${answeredWithin} ms, ready again ${Math.round(performance.now() - restoredAt)} ms after it returned`,
      );
    } finally {
      await t.close().catch(() => undefined);
      await proxy.cut();
    }
  }, 60_000);
});
