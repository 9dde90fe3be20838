import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';

/** Partner API keys restricted to scopes and an expiry, and the last use an operator reads. */
describe('scoped and expiring partner API keys', () => {
  let t: TestApp;
  let partner: TestPartner;
  let organizationId: string;

  const issue = (body?: unknown) => t.api.post(`/api/admin/partners/${partner.id}/keys`, TEST_ADMIN_KEY, body);
  const listKeys = async () =>
    (await t.api.get(`/api/admin/partners/${partner.id}/keys`, TEST_ADMIN_KEY)).body.member as Record<
      string,
      unknown
    >[];

  beforeAll(async () => {
    // A long cache TTL: an expired key must be refused although it sits in the cache.
    t = await startTestApp({ AUTH_CACHE_TTL_MS: '60000' });
    partner = await t.api.createPartner('Scoped');
    organizationId = await t.api.createOrganization(partner, 'Scoped keys');
  });
  afterAll(() => t?.close());

  it('issues a key restricted to scopes, which works within them and answers 403 outside', async () => {
    const issued = await issue({ scopes: ['instances:read', 'organizations:read', 'instances:read'] });
    expect(issued.status).toBe(201);
    expect(issued.body.scopes).toEqual(['instances:read', 'organizations:read']);
    expect(issued.body).not.toHaveProperty('expires_at');
    const key = issued.body.api_key as string;
    expect((await t.api.get(`/api/organizations/${organizationId}/instances`, key)).status).toBe(200);
    expect((await t.api.get(`/api/organizations/${organizationId}`, key)).status).toBe(200);
    const create = await t.api.post(`/api/organizations/${organizationId}/instances`, key, {
      name: 'Refused',
      handle: randomHandle('scoped'),
    });
    expect(create.status).toBe(403);
    expect(create.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="instances:write"');
    expect(create.body.detail).toContain('"instances:write"');
    // Creating an organization names no scope: only an unrestricted key may.
    expect((await t.api.post('/api/organizations', key, { name: 'Refused' })).status).toBe(403);
    // The partner's unrestricted key behaves as before.
    const created = await t.api.post(`/api/organizations/${organizationId}/instances`, partner.apiKey, {
      name: 'Allowed',
      handle: randomHandle('unscoped'),
    });
    expect(created.status).toBe(201);
  });

  it('refuses an expired key with 401, though it was cached', async () => {
    const issued = await issue({ expires_at: new Date(Date.now() + 1500).toISOString() });
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.body.expires_at)).toBeGreaterThan(Date.now());
    const key = issued.body.api_key as string;
    expect((await t.api.get(`/api/organizations/${organizationId}`, key)).status).toBe(200);
    await new Promise((done) => setTimeout(done, 1600));
    const refused = await t.api.get(`/api/organizations/${organizationId}`, key);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('The API key is invalid, expired or has been revoked.');
  });

  it('refuses unknown or no scopes and an expiry that is malformed or past (422), wrong types (400)', async () => {
    const unknown = await issue({ scopes: ['instances:read', 'root'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.violations[0]).toMatchObject({ propertyPath: 'scopes' });
    const both = await issue({ scopes: [], expires_at: '2020-01-01T00:00:00Z' });
    expect(both.status).toBe(422);
    expect(both.body.violations.map((v: { propertyPath: string }) => v.propertyPath)).toEqual(['scopes', 'expires_at']);
    for (const expiresAt of ['tomorrow', '2030-01-01', '2030-02-30T00:00:00Z']) {
      expect((await issue({ expires_at: expiresAt })).status).toBe(422);
    }
    expect((await issue({ scopes: 'instances:read' })).status).toBe(400);
    expect((await issue({ expires_at: 5 })).status).toBe(400);
  });

  it("lets an operator list a partner's keys with scopes, expiry and last use, never the key", async () => {
    const issued = await issue({ scopes: ['instances:read'] });
    const before = (await listKeys()).find((key) => key.id === issued.body.id)!;
    expect(before).not.toHaveProperty('last_used_at');
    expect(before.scopes).toEqual(['instances:read']);
    const startedAt = Date.now() - 1000;
    expect((await t.api.get(`/api/organizations/${organizationId}/instances`, issued.body.api_key)).status).toBe(200);
    const keys = await listKeys();
    const after = keys.find((key) => key.id === issued.body.id)!;
    expect(Date.parse(after.last_used_at as string)).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(JSON.stringify(keys)).not.toContain(issued.body.api_key);
    expect(keys.find((key) => key.id === partner.apiKeyId)).toMatchObject({ partner_id: partner.id });
    for (const key of keys) expect(key).not.toHaveProperty('api_key');

    await t.api.request('DELETE', `/api/admin/partners/${partner.id}/keys/${issued.body.id}`, { key: TEST_ADMIN_KEY });
    expect((await listKeys()).find((key) => key.id === issued.body.id)).toHaveProperty('revoked_at');
    expect((await t.api.get(`/api/admin/partners/${partner.id}/keys`, partner.apiKey)).status).toBe(401);
  });
});
