import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender } from './webhook-sender.js';

/** A real receiver on loopback, counting the requests that reach it. */
describe('WebhookSender', () => {
  let server: Server;
  let port: number;
  let reached = 0;
  let status = 200;
  let answer = 'ok';
  let hang = false;
  const connections = new Set<unknown>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      reached++;
      connections.add(request.socket);
      request.resume();
      if (hang) return;
      response.writeHead(status, status === 302 ? { location: '/elsewhere' } : {}).end(answer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  const sender = new WebhookSender();
  afterAll(async () => {
    await sender.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (url: string, allowPrivateNetworks: boolean, timeoutMs = 2000, signal = new AbortController().signal) =>
    sender.post(url, { 'content-type': 'application/json' }, '{}', { allowPrivateNetworks, timeoutMs, signal });
  beforeEach(() => {
    status = 200;
    answer = 'ok';
    hang = false;
  });

  it('refuses at delivery time a host that resolves to loopback, before connecting', async () => {
    reached = 0;
    const response = await post(`http://localhost:${port}/hooks`, false);
    expect(response.error).toMatch(/localhost resolves to a non-public address/);
    expect(await post(`http://127.0.0.1:${port}/hooks`, false)).toMatchObject({
      error: '127.0.0.1 is not a public address',
    });
    expect(reached).toBe(0);
  });

  it('delivers to loopback when private networks are allowed, and does not follow redirects', async () => {
    status = 200;
    expect(await post(`http://127.0.0.1:${port}/hooks`, true)).toMatchObject({ status: 200, excerpt: 'ok' });
    status = 302;
    reached = 0;
    expect(await post(`http://127.0.0.1:${port}/hooks`, true)).toMatchObject({ status: 302, error: 'answered 302' });
    expect(reached).toBe(1);
  });

  it('keeps the first 512 bytes of the answer, reads a long answer only so far and closes its connection', async () => {
    answer = 'é'.repeat(1000);
    const short = await post(`http://127.0.0.1:${port}/hooks`, true);
    expect(short).toMatchObject({ status: 200, excerpt: 'é'.repeat(256) });
    expect(short.error).toBeUndefined();
    connections.clear();
    await post(`http://127.0.0.1:${port}/hooks`, true);
    expect(connections.size).toBe(1); // kept alive
    answer = 'x'.repeat(1024 * 1024);
    const long = await post(`http://127.0.0.1:${port}/hooks`, true);
    expect(long).toMatchObject({ status: 200, excerpt: 'x'.repeat(512) });
    expect(long.error).toBeUndefined();
    answer = 'ok';
    await post(`http://127.0.0.1:${port}/hooks`, true);
    expect(connections.size).toBe(2); // the long answer's connection was closed
  });

  it('gives up when the endpoint does not answer within the timeout, or when the signal fires', async () => {
    hang = true;
    const timedOut = await post(`http://127.0.0.1:${port}/hooks`, true, 200);
    expect(timedOut).toMatchObject({ status: null, error: expect.stringMatching(/timeout/i) });
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(150);
    const abort = new AbortController();
    const aborted = post(`http://127.0.0.1:${port}/hooks`, true, 10_000, abort.signal);
    setTimeout(() => abort.abort(new Error('no answer within 100 ms')), 100);
    expect(await aborted).toMatchObject({ status: null, error: 'no answer within 100 ms' });
    const early = new AbortController();
    early.abort(new Error('aborted before it started'));
    expect(await post(`http://127.0.0.1:${port}/hooks`, true, 10_000, early.signal)).toMatchObject({
      status: null,
      error: 'aborted before it started',
    });
  });
});
