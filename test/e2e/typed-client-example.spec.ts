import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { TestPartner } from '../support/api-client.js';
import { assertConformsToDocument } from '../support/openapi-contract.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

/** examples/create-and-list.ts, run as a partner would run it (tsx), against the real service. */
async function runExample(args: string[], env: Record<string, string>): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/create-and-list.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });
  return stdout.trim().split('\n');
}

/**
 * A pass-through proxy in front of the app that holds every response the example receives to the
 * OpenAPI document, like ApiClient does for the tests' own requests; mismatches are collected.
 */
async function contractProxy(target: string, mismatches: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (request, reply) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    const method = request.method ?? 'GET';
    const response = await fetch(target + request.url, {
      method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const text = await response.text();
    const observed = { method, path: request.url ?? '/', status: response.status, headers: response.headers, text };
    await assertConformsToDocument(target, observed).catch((error: Error) => mismatches.push(error.message));
    reply.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? '' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the typed client example (generated types + openapi-fetch)', () => {
  let t: TestApp;
  let partner: TestPartner;
  let proxy: { url: string; close(): Promise<void> };
  const mismatches: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    partner = await t.api.createPartner('Typed client partner');
    proxy = await contractProxy(t.baseUrl, mismatches);
  });
  afterAll(async () => {
    await proxy?.close();
    await t?.close();
  });
  afterEach(() => expect(mismatches).toEqual([]));

  it('creates an organization and an instance, then lists it, as its output says', async () => {
    const lines = await runExample([proxy.url], { INSTANCES_API_KEY: partner.apiKey });

    const organizationId = /^Created organization (\S+)$/.exec(lines[0])?.[1];
    const [, instanceId, handle] = /^Created instance (\S+) (example-[a-z]+) "Created by the typed client"$/.exec(
      lines[1],
    ) ?? [undefined, undefined, undefined];
    expect({ organizationId, instanceId, handle }).toEqual({
      organizationId: expect.any(String),
      instanceId: expect.any(String),
      handle: expect.any(String),
    });
    expect(lines.slice(2)).toEqual([
      `Organization ${organizationId} has 1 instance(s):`,
      `- ${handle} "Created by the typed client" (${instanceId})`,
    ]);

    const stored = await t.api.get(`/api/organizations/${organizationId}/instances/${instanceId}`, partner.apiKey);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ handle, name: 'Created by the typed client' });
  });

  it('adds to a given organization and lists the newest first', async () => {
    const organizationId = await t.api.createOrganization(partner, 'Given organization');
    await runExample([proxy.url, organizationId], { INSTANCES_API_KEY: partner.apiKey });
    const lines = await runExample([], {
      INSTANCES_API_KEY: partner.apiKey,
      INSTANCES_API_URL: proxy.url,
      INSTANCES_API_ORGANIZATION_ID: organizationId,
    });

    expect(lines[0]).toMatch(/^Created instance \S+ (example-[a-z]+) /);
    const newest = lines[0].split(' ')[3];
    expect(lines[1]).toBe(`Organization ${organizationId} has 2 instance(s):`);
    expect(lines[2]).toMatch(new RegExp(`^- ${newest} `));
  });

  it('reports the problem document when the API refuses', async () => {
    const refused = runExample([proxy.url], { INSTANCES_API_KEY: 'not-a-key' });
    await expect(refused).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('createOrganization failed: 401 Unauthorized'),
    });
  });
});
