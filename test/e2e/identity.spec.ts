import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';
import { TIMESTAMP, UUID, VIOLATION_CODE } from '../support/wire-format.js';

const uniqueEmail = () => `${randomUUID()}@partners.test`;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('Partners, API keys and the admin routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // `key`: the bearer token to send, the admin key by default; null sends no Authorization header.
  const createPartner = (body: unknown, key: string | null = TEST_ADMIN_KEY) =>
    t.api.post('/api/admin/partners', key ?? undefined, body);
  const issueKey = (partnerId: string, key: string | null = TEST_ADMIN_KEY) =>
    t.api.post(`/api/admin/partners/${partnerId}/keys`, key ?? undefined);
  const revokeKey = (partnerId: string, keyId: string, key: string | null = TEST_ADMIN_KEY) =>
    t.api.request('DELETE', `/api/admin/partners/${partnerId}/keys/${keyId}`, { key: key ?? undefined });
  /** A partner route: 200 with a valid partner key, 401 otherwise. */
  const partnerCall = (key: string | undefined) => t.api.get('/api/organizations', key);

  describe('POST /api/admin/partners', () => {
    it('creates a partner and answers 201 with its first API key, in this key order', async () => {
      const email = uniqueEmail();
      const response = await createPartner({ name: 'Acme Integrations', email });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
      const body = response.body;
      expect(Object.keys(body)).toEqual(['@context', '@id', '@type', 'id', 'name', 'email', 'api_key', 'api_key_id']);
      expect(body).toEqual({
        '@context': '/api/contexts/Partner',
        '@id': `/api/admin/partners/${body.id}`,
        '@type': 'Partner',
        id: expect.stringMatching(UUID),
        name: 'Acme Integrations',
        email,
        api_key: expect.any(String),
        api_key_id: expect.stringMatching(UUID),
      });
      expect(response.headers.get('location')).toBe(body['@id']);
    });

    it('issues a random key of at least 32 bytes, different for every partner', async () => {
      const first = (await createPartner({ name: 'One', email: uniqueEmail() })).body.api_key as string;
      const second = (await createPartner({ name: 'Two', email: uniqueEmail() })).body.api_key as string;
      expect(first).not.toBe(second);
      // base64url of 32 bytes is 43 characters; a prefix may precede it.
      expect(first.length).toBeGreaterThanOrEqual(43);
      expect(first).toMatch(/^[A-Za-z0-9_-]+$/);
    });

    it('gives a key that works on partner routes at once', async () => {
      const created = await createPartner({ name: 'Quick', email: uniqueEmail() });
      const response = await partnerCall(created.body.api_key);
      expect(response.status).toBe(200);
      expect(response.body.totalItems).toBe(0);
    });

    it('stores the email lower-cased and trimmed', async () => {
      const local = randomUUID();
      const response = await createPartner({ name: 'Case', email: `  ${local.toUpperCase()}@Partners.TEST ` });
      expect(response.status).toBe(201);
      expect(response.body.email).toBe(`${local}@partners.test`);
    });

    it.each([
      ['a blank name', { name: '', email: 'x@example.com' }, 'name', VIOLATION_CODE.notBlank],
      ['a whitespace-only name', { name: '   ', email: 'x@example.com' }, 'name', VIOLATION_CODE.notBlank],
      ['a missing name', { email: 'x@example.com' }, 'name', VIOLATION_CODE.notBlank],
      ['a name over 255 characters', { name: 'n'.repeat(256), email: 'x@example.com' }, 'name', VIOLATION_CODE.tooLong],
      ['a blank email', { name: 'Partner', email: '' }, 'email', VIOLATION_CODE.notBlank],
      ['a missing email', { name: 'Partner' }, 'email', VIOLATION_CODE.notBlank],
      ['an email without @', { name: 'Partner', email: 'not-an-email' }, 'email', VIOLATION_CODE.pattern],
      ['an email with spaces', { name: 'Partner', email: 'a b@example.com' }, 'email', VIOLATION_CODE.pattern],
      ['an email without domain', { name: 'Partner', email: 'someone@' }, 'email', VIOLATION_CODE.pattern],
    ])('refuses %s with 422 on that property', async (_, body, propertyPath, code) => {
      const response = await createPartner(body);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(response.body.violations).toEqual([{ propertyPath, message: expect.any(String), code }]);
      expect(response.body.type).toBe(`/validation_errors/${code}`);
    });

    it('reports every broken rule at once', async () => {
      const response = await createPartner({ name: '', email: 'nope' });
      expect(response.status).toBe(422);
      expect(response.body.violations.map((v: any) => [v.propertyPath, v.code])).toEqual([
        ['name', VIOLATION_CODE.notBlank],
        ['email', VIOLATION_CODE.pattern],
      ]);
      expect(response.body.type).toBe(`/validation_errors/0=${VIOLATION_CODE.notBlank};1=${VIOLATION_CODE.pattern}`);
      expect(response.body.detail).toBe(
        response.body.violations.map((v: any) => `${v.propertyPath}: ${v.message}`).join('\n'),
      );
    });

    it('refuses an email already used by another partner, whatever its case', async () => {
      const email = uniqueEmail();
      expect((await createPartner({ name: 'First', email })).status).toBe(201);
      for (const again of [email, email.toUpperCase()]) {
        const response = await createPartner({ name: 'Second', email: again });
        expect(response.status).toBe(422);
        expect(response.body.violations).toEqual([
          { propertyPath: 'email', message: expect.any(String), code: VIOLATION_CODE.alreadyUsed },
        ]);
      }
    });

    it('answers 400 for a property of the wrong JSON type', async () => {
      const response = await createPartner({ name: 42, email: uniqueEmail() });
      expect(response.status).toBe(400);
      expect(response.body.detail).toBe('The type of the "name" attribute must be "string", "integer" given.');
    });

    it('ignores unknown and read-only properties', async () => {
      const id = randomUUID();
      const response = await createPartner({ name: 'Extra', email: uniqueEmail(), id, api_key: 'mine', admin: true });
      expect(response.status).toBe(201);
      expect(response.body.id).not.toBe(id);
      expect(response.body.api_key).not.toBe('mine');
      expect(response.body.admin).toBeUndefined();
    });
  });

  describe('admin authentication', () => {
    it.each([
      ['no Authorization header', null],
      ['a wrong admin key', 'wrong-admin-key-0123456789'],
      ['the admin key with one character changed', TEST_ADMIN_KEY.slice(0, -1) + 'X'],
      ['a prefix of the admin key', TEST_ADMIN_KEY.slice(0, 16)],
    ])('answers 401 with WWW-Authenticate: Bearer for %s', async (_, key) => {
      const response = await createPartner({ name: 'Nope', email: uniqueEmail() }, key);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.body).toMatchObject({ '@type': 'Error', status: 401, title: 'Unauthorized' });
    });

    it('answers 401 for a scheme other than Bearer', async () => {
      const email = uniqueEmail();
      const response = await t.api.request('POST', '/api/admin/partners', {
        headers: { authorization: `Basic ${TEST_ADMIN_KEY}` },
        body: { name: 'Nope', email },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('does not create a partner when the admin key is wrong', async () => {
      const email = uniqueEmail();
      expect((await createPartner({ name: 'Nope', email }, 'wrong-admin-key-0123456789')).status).toBe(401);
      // The email is still free.
      expect((await createPartner({ name: 'Yes', email })).status).toBe(201);
    });

    it('refuses a partner API key on the admin routes with 401', async () => {
      const partner = await t.api.createPartner();
      const create = await createPartner({ name: 'Nope', email: uniqueEmail() }, partner.apiKey);
      expect(create.status).toBe(401);
      expect(create.headers.get('www-authenticate')).toBe('Bearer');
      expect((await issueKey(partner.id, partner.apiKey)).status).toBe(401);
      expect((await revokeKey(partner.id, partner.apiKeyId, partner.apiKey)).status).toBe(401);
      // Its own key still works: the failed revocation changed nothing.
      expect((await partnerCall(partner.apiKey)).status).toBe(200);
    });

    it('refuses the admin key on partner routes with 401', async () => {
      const response = await partnerCall(TEST_ADMIN_KEY);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const create = await t.api.post('/api/organizations', TEST_ADMIN_KEY, { name: 'Admin org' });
      expect(create.status).toBe(401);
    });
  });

  describe('partner authentication', () => {
    it.each([
      ['no Authorization header', undefined],
      ['an unknown key', 'iak_this-key-was-never-issued-0123456789abcdefgh'],
      ['a very long key', 'k'.repeat(5000)],
    ])('answers 401 with WWW-Authenticate: Bearer for %s', async (_, key) => {
      const response = await partnerCall(key);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.body).toMatchObject({ '@type': 'Error', status: 401, type: '/errors/401' });
    });

    it('answers 401 for a key sent without the Bearer scheme', async () => {
      const partner = await t.api.createPartner();
      const response = await t.api.get('/api/organizations', undefined, { authorization: partner.apiKey });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('accepts the Bearer scheme in any case', async () => {
      const partner = await t.api.createPartner();
      const response = await t.api.get('/api/organizations', undefined, { authorization: `bearer ${partner.apiKey}` });
      expect(response.status).toBe(200);
    });
  });

  describe('POST /api/admin/partners/{partnerId}/keys', () => {
    it('issues a further key that works alongside the first one', async () => {
      const partner = await t.api.createPartner();
      const response = await issueKey(partner.id);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        '@type': 'ApiKey',
        id: expect.stringMatching(UUID),
        partner_id: partner.id,
        api_key: expect.any(String),
        created_at: expect.stringMatching(TIMESTAMP),
      });
      expect(Object.keys(response.body).slice(3)).toEqual(['id', 'partner_id', 'api_key', 'created_at']);
      expect(response.body.id).not.toBe(partner.apiKeyId);
      expect(response.body.api_key).not.toBe(partner.apiKey);
      expect((await partnerCall(response.body.api_key)).status).toBe(200);
      expect((await partnerCall(partner.apiKey)).status).toBe(200);
    });

    it('authenticates both keys as the same partner', async () => {
      const partner = await t.api.createPartner();
      const second = (await issueKey(partner.id)).body.api_key;
      const organization = await t.api.post('/api/organizations', partner.apiKey, { name: 'Shared' });
      const seen = await t.api.get(`/api/organizations/${organization.body.id}`, second);
      expect(seen.status).toBe(200);
      expect(seen.body.owners.map((o: any) => o.id)).toEqual([partner.id]);
    });

    it('answers 404 for an unknown partner', async () => {
      const response = await issueKey(randomUUID());
      expect(response.status).toBe(404);
      expect(response.body.detail).toBe('Partner not found.');
    });

    it('answers 404 for a partner id that is not a UUID', async () => {
      for (const id of ['not-a-uuid', '123', `${randomUUID()}x`]) {
        const response = await issueKey(id);
        expect(response.status).toBe(404);
        expect(response.body.status).toBe(404);
      }
    });
  });

  describe('DELETE /api/admin/partners/{partnerId}/keys/{keyId}', () => {
    it('revokes a key with 204: it is refused at once, the partner’s other key still works', async () => {
      const partner = await t.api.createPartner();
      const second = (await issueKey(partner.id)).body;
      // Use the first key so that any lookup cache holds it.
      expect((await partnerCall(partner.apiKey)).status).toBe(200);

      const response = await revokeKey(partner.id, partner.apiKeyId);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');

      const refused = await partnerCall(partner.apiKey);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect((await partnerCall(second.api_key)).status).toBe(200);
    });

    it('answers 404 when the key is already revoked', async () => {
      const partner = await t.api.createPartner();
      expect((await revokeKey(partner.id, partner.apiKeyId)).status).toBe(204);
      expect((await revokeKey(partner.id, partner.apiKeyId)).status).toBe(404);
    });

    it('answers 404 for an unknown key', async () => {
      const partner = await t.api.createPartner();
      const response = await revokeKey(partner.id, randomUUID());
      expect(response.status).toBe(404);
      expect(response.body.detail).toBe('API key not found.');
    });

    it('answers 404 for a key of another partner, and leaves that key working', async () => {
      const owner = await t.api.createPartner();
      const other = await t.api.createPartner();
      expect((await revokeKey(other.id, owner.apiKeyId)).status).toBe(404);
      expect((await partnerCall(owner.apiKey)).status).toBe(200);
    });

    it('answers 404 for ids that are not UUIDs', async () => {
      const partner = await t.api.createPartner();
      expect((await revokeKey('nope', partner.apiKeyId)).status).toBe(404);
      expect((await revokeKey(partner.id, 'nope')).status).toBe(404);
      expect((await partnerCall(partner.apiKey)).status).toBe(200);
    });

    it('answers 401 without the admin key and keeps the key', async () => {
      const partner = await t.api.createPartner();
      expect((await revokeKey(partner.id, partner.apiKeyId, null)).status).toBe(401);
      expect((await partnerCall(partner.apiKey)).status).toBe(200);
    });
  });

  describe('storage', () => {
    it('stores API keys only as their SHA-256 hash, never in plain text', async () => {
      const partner = await t.api.createPartner();
      const second = (await issueKey(partner.id)).body;
      const db = t.app.get(DataSource);
      const rows: Record<string, unknown>[] = await db.query(
        'SELECT * FROM api_keys WHERE partner_id = $1 ORDER BY created_at, id',
        [partner.id],
      );
      expect(rows).toHaveLength(2);
      const stored = JSON.stringify(rows);
      for (const plain of [partner.apiKey, second.api_key]) {
        expect(stored).not.toContain(plain);
        expect(rows.map((row) => row.key_hash)).toContain(sha256(plain));
      }
      // Nowhere else either.
      const partners = JSON.stringify(await db.query('SELECT * FROM partners WHERE id = $1', [partner.id]));
      expect(partners).not.toContain(partner.apiKey);
    });

    it('records a revocation in the database', async () => {
      const partner = await t.api.createPartner();
      await revokeKey(partner.id, partner.apiKeyId);
      const [row] = await t.app
        .get(DataSource)
        .query('SELECT revoked_at FROM api_keys WHERE id = $1', [partner.apiKeyId]);
      expect(row.revoked_at).toBeInstanceOf(Date);
    });
  });
});

describe('Admin routes while ADMIN_API_KEY is unset', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_API_KEY: '' });
  });
  afterAll(() => t.close());

  it('answers 404 to every admin route, whatever the key', async () => {
    const requests = [
      () => t.api.post('/api/admin/partners', undefined, { name: 'A', email: uniqueEmail() }),
      () => t.api.post('/api/admin/partners', TEST_ADMIN_KEY, { name: 'A', email: uniqueEmail() }),
      () => t.api.post(`/api/admin/partners/${randomUUID()}/keys`, TEST_ADMIN_KEY),
      () => t.api.request('DELETE', `/api/admin/partners/${randomUUID()}/keys/${randomUUID()}`, { key: 'x' }),
    ];
    for (const request of requests) {
      const response = await request();
      expect(response.status).toBe(404);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(response.body).toMatchObject({ '@type': 'Error', status: 404, type: '/errors/404' });
    }
  });

  it('creates no partner', async () => {
    const email = uniqueEmail();
    await t.api.post('/api/admin/partners', TEST_ADMIN_KEY, { name: 'A', email });
    const rows = await t.app.get(DataSource).query('SELECT id FROM partners WHERE email = $1', [email]);
    expect(rows).toEqual([]);
  });
});
