import { randomUUID } from 'node:crypto';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { sendRaw } from '../support/hostile-client.js';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';

const UPPERCASE_UUID = /[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/;

describe('uppercase ids name the same rows, caches and IRIs as lowercase ones', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  beforeAll(async () => {
    // A long cache TTL: only the invalidation of the right entry can explain a refusal.
    t = await startTestApp({ AUTH_CACHE_TTL_MS: '60000' });
    owner = await t.api.createPartner('Owner');
    organizationId = await t.api.createOrganization(owner);
  });
  afterAll(() => t?.close());

  it('revokes a key through its uppercase id: the key stops working on the next request', async () => {
    const partner = await t.api.createPartner('Revoked');
    const own = await t.api.createOrganization(partner);
    expect((await t.api.get(`/api/organizations/${own}`, partner.apiKey)).status).toBe(200);
    const revoke = await t.api.request(
      'DELETE',
      `/api/admin/partners/${partner.id.toUpperCase()}/keys/${partner.apiKeyId.toUpperCase()}`,
      { key: TEST_ADMIN_KEY },
    );
    expect(revoke.status).toBe(204);
    expect((await t.api.get(`/api/organizations/${own}`, partner.apiKey)).status).toBe(401);
  });

  it("changes a member's role twice and removes it through an uppercase partner id; the removal applies at once", async () => {
    const partner = await t.api.createPartner('Member');
    const path = `/api/organizations/${organizationId.toUpperCase()}/members/${partner.id.toUpperCase()}`;
    // Not a member yet: refused (never a 500), nothing added.
    const refused = await t.api.request('PUT', path, { key: owner.apiKey, body: { role: 'member' } });
    expect(refused.status).toBe(404);
    expect(refused.text).not.toMatch(UPPERCASE_UUID);
    expect((await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(403);
    await t.api.addMember(owner, organizationId, partner, 'member');
    const promoted = await t.api.request('PUT', path, { key: owner.apiKey, body: { role: 'owner' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body['@id']).toBe(`/api/organizations/${organizationId}`);
    expect(promoted.text).not.toMatch(UPPERCASE_UUID);
    const again = await t.api.request('PUT', path, { key: owner.apiKey, body: { role: 'owner' } });
    expect(again.status).toBe(200);
    expect((await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(200);
    expect((await t.api.request('DELETE', path, { key: owner.apiKey })).status).toBe(204);
    expect((await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(403);
  });

  it('echoes lowercase ids in @id, Location and bodies when the path used uppercase', async () => {
    const upper = organizationId.toUpperCase();
    const created = await t.api.post(`/api/organizations/${upper}/instances`, owner.apiKey, {
      name: 'Shouted',
      handle: randomHandle(),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/organizations/${organizationId}/instances/${created.body.id}`);
    expect(created.text).not.toMatch(UPPERCASE_UUID);
    const instancePath = `/api/organizations/${upper}/instances/${created.body.id.toUpperCase()}`;
    const read = await t.api.get(instancePath, owner.apiKey);
    expect(read.status).toBe(200);
    expect(read.body['@id']).toBe(created.body['@id']);
    const list = await t.api.get(`/api/organizations/${upper}/instances`, owner.apiKey);
    expect(list.body['@id']).toBe(`/api/organizations/${organizationId}/instances`);
    expect(list.text).not.toMatch(UPPERCASE_UUID);
    const stats = await t.api.get(`/api/organizations/${upper}/instance-stats`, owner.apiKey);
    expect(stats.text).not.toMatch(UPPERCASE_UUID);
  });

  it('takes an uppercase organization_id in a transfer body as the same organization', async () => {
    const target = await t.api.createOrganization(owner, 'Target');
    const instance = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'Moving',
      handle: randomHandle(),
    });
    const base = `/api/organizations/${organizationId}/instances/${instance.body.id}`;
    const authorize = await t.api.request('PUT', `${base}/authorized-organizations/${target.toUpperCase()}`, {
      key: owner.apiKey,
    });
    expect(authorize.status).toBe(204);
    const transfer = await t.api.post(`${base}/transfer`, owner.apiKey, { organization_id: target.toUpperCase() });
    expect(transfer.status).toBe(200);
    expect(transfer.body.organization_id).toBe(target);
    expect(transfer.text).not.toMatch(UPPERCASE_UUID);
  });
});

describe('absolute-form request targets (GET http://host/path HTTP/1.1)', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    owner = await t.api.createPartner('Absolute');
    organizationId = await t.api.createOrganization(owner);
  });
  afterAll(() => t?.close());

  const absolute = (path: string, headers: Record<string, string> = {}) =>
    sendRaw(
      t.baseUrl,
      `GET http://evil.example${path} HTTP/1.1\r\nHost: evil.example\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        'Connection: close\r\n\r\n',
    );

  it('is rate limited, negotiated, typed as JSON-LD and never puts the host into an IRI', async () => {
    // Its own key, so that the budget of 3 is this test's alone.
    const key = (await t.api.post(`/api/admin/partners/${owner.id}/keys`, TEST_ADMIN_KEY)).body.api_key as string;
    const auth = { authorization: `Bearer ${key}` };
    const refused = await absolute(`/api/organizations/${organizationId}/instances`, { ...auth, accept: 'text/csv' });
    expect(refused.status).toBe(406);
    const listed = await absolute(`/api/organizations/${organizationId}/instances`, auth);
    expect(listed.status).toBe(200);
    expect(listed.head).toMatch(/^content-type: application\/ld\+json/im);
    expect(JSON.parse(listed.body)['@id']).toBe(`/api/organizations/${organizationId}/instances`);
    expect(listed.body).not.toContain('evil');
    // The 406 was refused before the limiter counted it: two more within the budget of 3, then 429.
    expect((await absolute(`/api/organizations/${organizationId}`, auth)).status).toBe(200);
    expect((await absolute(`/api/organizations/${organizationId}`, auth)).status).toBe(200);
    const limited = await absolute(`/api/organizations/${organizationId}`, auth);
    expect(limited.status).toBe(429);
  });

  it('serves contexts whose @vocab does not reflect the Host header', async () => {
    const context = await absolute('/api/contexts/Error');
    expect(context.status).toBe(200);
    expect(context.body).not.toContain('evil');
    const viaHost = await fetch(`${t.baseUrl}/api/contexts/Error`, { headers: { 'x-forwarded-host': 'evil.example' } });
    expect(await viaHost.text()).not.toContain('evil');
    const raw = await sendRaw(
      t.baseUrl,
      `GET /api/contexts/Error HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
    );
    expect(raw.status).toBe(200);
    expect(JSON.parse(raw.body)['@context']['@vocab']).toBe('/api/docs.jsonld#');
  });

  it('keeps an unknown absolute-form path a 404 problem', async () => {
    const unknown = await absolute(`/api/${randomUUID()}`);
    expect(unknown.status).toBe(404);
  });
});
