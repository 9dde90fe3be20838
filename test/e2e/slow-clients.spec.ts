import { request as httpRequest } from 'node:http';
import { openSlowConnections, type SlowConnection, within } from '../support/slow-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REQUEST_TIMEOUT_MS = 1000;
/** The deadline, plus Node's once-a-second check for requests past it, plus scheduling slack. */
const CLOSED_WITHIN_MS = REQUEST_TIMEOUT_MS + 1000 + 1500;
const STALLED_BODY =
  'POST /api/organizations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"name":"';
const STALLED_HEADERS = 'GET /api/organizations HTTP/1.1\r\nHost: localhost\r\nX-Slow: ';

/** One GET on a connection of its own: its status, or the error that cut it off. */
function getOnce(baseUrl: string, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest(`${baseUrl}${path}`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe('slow clients', () => {
  let t: TestApp;
  let port: number;
  let open: SlowConnection[] = [];

  beforeAll(async () => {
    t = await startTestApp({ HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), HTTP_MAX_CONNECTIONS: '60' });
    port = Number(new URL(t.baseUrl).port);
  });
  afterEach(() => {
    for (const connection of open) connection.destroy();
    open = [];
  });
  afterAll(() => t?.close());

  it('closes stalled bodies, trickling bodies and unfinished headers after HTTP_REQUEST_TIMEOUT_MS with a 408, serving others meanwhile', async () => {
    open = [
      ...(await openSlowConnections(port, 15, STALLED_BODY)),
      ...(await openSlowConnections(port, 15, STALLED_BODY, 200)),
      ...(await openSlowConnections(port, 10, STALLED_HEADERS, 200)),
    ];
    // The service answers other clients while 40 connections stall.
    expect(await getOnce(t.baseUrl, '/health')).toBe(200);
    const outcomes = await Promise.all(open.map((connection) => within(connection.closed, CLOSED_WITHIN_MS)));
    const stillOpen = outcomes.filter((outcome) => outcome === 'still open').length;
    expect({ stillOpen }).toEqual({ stillOpen: 0 });
    for (const outcome of outcomes) {
      if (outcome === 'still open') continue;
      expect(outcome.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      // A 408 problem document when the socket could still be written to.
      if (outcome.received) expect(outcome.received).toMatch(/^HTTP\/1\.1 408 [\s\S]*application\/problem\+json/);
    }
    expect(await getOnce(t.baseUrl, '/health')).toBe(200);
  }, 20_000);

  it('closes connections beyond HTTP_MAX_CONNECTIONS at once, and serves again once the stalled ones are gone', async () => {
    open = await openSlowConnections(port, 60, STALLED_BODY);
    const refused = await getOnce(t.baseUrl, '/health');
    expect(refused).toEqual(expect.stringMatching(/^(ECONNRESET|socket hang up|EPIPE)$/));
    await Promise.all(open.map((connection) => within(connection.closed, CLOSED_WITHIN_MS)));
    expect(await getOnce(t.baseUrl, '/health')).toBe(200);
  }, 20_000);
});

describe('a 429', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1' });
  });
  afterAll(() => t?.close());

  it('closes its connection', async () => {
    const partner = await t.api.createPartner('Refused and disconnected');
    const statuses: { status: number; connection: string | null }[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await t.api.get('/api/organizations', partner.apiKey);
      statuses.push({ status: response.status, connection: response.headers.get('connection') });
    }
    expect(statuses[1]).toEqual({ status: 429, connection: 'close' });
    expect(statuses[0].connection).not.toBe('close');
  });
});
