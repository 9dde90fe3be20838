import { DataSource } from 'typeorm';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle, randomLetters } from '../support/handles.js';
import { send } from '../support/hostile-client.js';
import { countLockWaiters } from '../support/lock-waits.js';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';

describe('failed authentications are limited per client address', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURES_PER_MINUTE: '5' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After once an address has failed 5 times, without looking the key up', async () => {
    const partner = await t.api.createPartner('Flooded');
    const wrong = () => t.api.get('/api/organizations', `ik_${randomLetters(43)}`);
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401);
    // The key of the 6th request does not exist either; the answer comes before any lookup: a
    // revoked key of a real partner is not even recognized as such.
    const limited = await wrong();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.detail).toContain('failed authentications');
    // No lookup once limited: with api_keys locked by this test, a lookup would wait on the lock
    // (and answer 503 at the lock timeout) instead of the immediate 429.
    await whileApiKeysLocked(db, async () => {
      for (let i = 0; i < 20; i++) expect((await wrong()).status).toBe(429);
      expect(await countLockWaiters()).toBe(0);
    });
    // The address is limited as a whole, valid keys included, until the window ends.
    expect((await t.api.get('/api/organizations', partner.apiKey)).status).toBe(429);
    expect((await t.api.post('/api/admin/partners', 'not-the-admin-key', { name: 'x', email: 'x@y.z' })).status).toBe(
      429,
    );
  });
});

/** Runs `work` while this test's own transaction holds an exclusive lock on api_keys. */
async function whileApiKeysLocked(db: DataSource, work: () => Promise<void>): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query('LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE');
    await work();
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('bad text and oversized filters', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Writer');
    organizationId = await t.api.createOrganization(owner);
  });
  afterAll(() => t?.close());

  it('refuses a body that is not valid UTF-8 with a 400, and stores nothing', async () => {
    const handle = randomHandle();
    const body = Buffer.concat([
      Buffer.from(`{"name":"Bad `),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(`","handle":"${handle}"}`),
    ]);
    const response = await send(t.baseUrl, 'POST', `/api/organizations/${organizationId}/instances`, {
      key: owner.apiKey,
      headers: { 'content-type': 'application/ld+json' },
      raw: new Uint8Array(body),
    });
    expect(response.status).toBe(400);
    expect(response.body.detail).toBe('The request body is not valid UTF-8.');
    const list = await t.api.get(`/api/organizations/${organizationId}/instances?handle=${handle}`, owner.apiKey);
    expect(list.body.totalItems).toBe(0);
  });

  it.each([
    ['a right-to-left override', 'Invoice\u202efdp.exe'],
    ['a left-to-right isolate', 'Acme \u2066EU\u2069'],
    ['a zero-width space', 'Ac\u200bme'],
    ['a byte order mark', '\ufeffAcme'],
    ['a trailing zero-width joiner', 'Acme\u200d'],
  ])('refuses a name with %s (422 with a clear message)', async (_what, name) => {
    const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name,
      handle: randomHandle(),
    });
    expect(response.status).toBe(422);
    expect(response.body.violations).toEqual([
      expect.objectContaining({
        propertyPath: 'name',
        message: expect.stringContaining('invisible or text-direction control characters'),
      }),
    ]);
    const organization = await t.api.post('/api/organizations', owner.apiKey, { name });
    expect(organization.status).toBe(422);
  });

  it('accepts joiners inside text (emoji sequences, Persian)', async () => {
    for (const name of ['Family \u{1f468}\u200d\u{1f469}\u200d\u{1f467}', 'می\u200cخواهم']) {
      const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
        name,
        handle: randomHandle(),
      });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe(name);
    }
  });

  it('takes at most 20 values per filter array (400 beyond)', async () => {
    const values = (n: number, name: string) =>
      Array.from({ length: n }, (_, i) => `${name}%5B%5D=${randomLetters(4)}${i}`).join('&');
    const list = (query: string) => t.api.get(`/api/organizations/${organizationId}/instances?${query}`, owner.apiKey);
    expect((await list(values(20, 'name'))).status).toBe(200);
    const names = await list(values(21, 'name'));
    expect(names.status).toBe(400);
    expect(names.body.detail).toBe('The "name" filter takes at most 20 values.');
    expect((await list(values(200, 'handle'))).status).toBe(400);
  });
});

describe('authenticated responses are private to the caller', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('marks them Cache-Control: no-cache, private (successes and refusals); public contexts are not', async () => {
    const partner = await t.api.createPartner('Private');
    const organizationId = await t.api.createOrganization(partner);
    const responses = await Promise.all([
      t.api.get(`/api/organizations/${organizationId}`, partner.apiKey),
      t.api.get('/api/organizations', partner.apiKey),
      t.api.post(`/api/organizations/${organizationId}/instances`, partner.apiKey, { name: 'x', handle: '!' }),
      t.api.get('/api/organizations', 'ik_wrong'),
      t.api.post(`/api/admin/partners/${partner.id}/keys`, TEST_ADMIN_KEY),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 422, 401, 201]);
    for (const response of responses) expect(response.headers.get('cache-control')).toBe('no-cache, private');
    expect((await t.api.get('/api/contexts/Error')).headers.get('cache-control')).toBeNull();
  });
});
