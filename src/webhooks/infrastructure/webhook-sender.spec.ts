import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender } from './webhook-sender.js';

/** A real receiver on loopback, counting the requests that reach it. */
describe('WebhookSender', () => {
  let server: Server;
  let port: number;
  let reached = 0;
  let status = 200;

  beforeAll(async () => {
    server = createServer((request, response) => {
      reached++;
      request.resume();
      response.writeHead(status, status === 302 ? { location: '/elsewhere' } : {}).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  const sender = new WebhookSender();
  afterAll(async () => {
    await sender.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (url: string, allowPrivateNetworks: boolean) =>
    sender.post(url, { 'content-type': 'application/json' }, '{}', {
      allowPrivateNetworks,
      timeoutMs: 2000,
      signal: new AbortController().signal,
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
});
