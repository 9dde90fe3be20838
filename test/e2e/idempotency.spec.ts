import { jest } from '@jest/globals';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Public } from '../../src/shared/auth/public.decorator.js';
import { Idempotent } from '../../src/shared/idempotency/idempotent.decorator.js';
import { IdempotencyStore } from '../../src/shared/idempotency/idempotency.store.js';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { eventually } from '../support/eventually.js';
import { integrationToken } from '../support/integration-token.js';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';

describe('Idempotency-Key on POST (Stripe semantics)', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: TestPartner;
  let organizationId: string;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '20' });
    db = t.app.get(DataSource);
    owner = await t.api.createPartner('Retrying owner');
    organizationId = await t.api.createOrganization(owner, 'Flaky network');
  });
  afterAll(() => t?.close());

  const create = (key: string, body: unknown, partner = owner, orgId = organizationId): Promise<ApiResponse> =>
    t.api.post(`/api/organizations/${orgId}/instances`, partner.apiKey, body, { 'idempotency-key': key });
  const rowsWith = (handle: string) => db.query('SELECT id FROM instances WHERE handle = $1', [handle]);
  const eventsOf = (instanceId: string) =>
    db.query('SELECT id FROM outbox_events WHERE aggregate_id = $1', [instanceId]);

  it('replays the first response (status, body, Location) to a retry, without a second instance', async () => {
    const key = randomUUID();
    const body = { name: 'Once', handle: randomHandle() };
    const first = await create(key, body);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await create(key, body);
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await rowsWith(body.handle)).toHaveLength(1);
    expect(await eventsOf(first.body.id)).toHaveLength(1);
  });

  it('treats a body with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const handle = randomHandle();
    const first = await create(key, { name: 'Ordered', handle });
    const retry = await create(key, { handle, name: 'Ordered' });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('replays a refusal too: a retried 422 stays the same 422', async () => {
    const key = randomUUID();
    const first = await create(key, { name: '', handle: 'Not A Handle' });
    expect(first.status).toBe(422);
    const retry = await create(key, { name: '', handle: 'Not A Handle' });
    expect(retry.status).toBe(422);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key with a different body with a 422 problem, and creates nothing', async () => {
    const key = randomUUID();
    const original = { name: 'Original', handle: randomHandle() };
    expect((await create(key, original)).status).toBe(201);
    const other = { name: 'Other', handle: randomHandle() };
    const reused = await create(key, other);
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reused.body.violations).toEqual([
      expect.objectContaining({ propertyPath: 'Idempotency-Key', code: '23bd9dbf-6b9b-41cd-a99e-4844bcf3077f' }),
    ]);
    expect(reused.body.detail).toContain('Idempotency-Key was already used with a different request');
    expect(await rowsWith(other.handle)).toHaveLength(0);
  });

  it('refuses the same key on another route with a 422 problem', async () => {
    const key = randomUUID();
    expect((await create(key, { name: 'Here', handle: randomHandle() })).status).toBe(201);
    const elsewhere = await t.api.post(
      '/api/organizations',
      owner.apiKey,
      { name: 'Here' },
      { 'idempotency-key': key },
    );
    expect(elsewhere.status).toBe(422);
  });

  it('scopes keys per partner: another partner with the same key and body is not served the first response', async () => {
    const coOwner = await t.api.createPartner('Co-owner');
    const shared = await t.api.createOrganization(owner, 'Shared');
    await t.api.addMember(owner, shared, coOwner, 'owner');
    const key = randomUUID();
    const body = { name: 'Scoped', handle: randomHandle() };
    const mine = await create(key, body, owner, shared);
    expect(mine.status).toBe(201);
    // The co-owner's request runs on its own: the handle is taken now, so it is refused.
    const theirs = await create(key, body, coOwner, shared);
    expect(theirs.status).toBe(422);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.text).not.toContain(mine.body.id);
  });

  it('creates one instance for 20 concurrent requests with one key, and answers each with it', async () => {
    const key = randomUUID();
    const body = { name: 'Concurrent', handle: randomHandle() };
    const responses = await Promise.all(Array.from({ length: 20 }, () => create(key, body)));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await rowsWith(body.handle)).toHaveLength(1);
    expect(await eventsOf(responses[0].body.id)).toHaveLength(1);
  });

  it('answers 400 for a malformed key and runs nothing', async () => {
    const handle = randomHandle();
    for (const key of ['x'.repeat(256), 'with space', 'clé']) {
      const response = await t.api.post(
        `/api/organizations/${organizationId}/instances`,
        owner.apiKey,
        { name: 'Bad key', handle },
        { 'idempotency-key': key },
      );
      expect(response.status).toBe(400);
    }
    expect(await rowsWith(handle)).toHaveLength(0);
  });

  it('keeps a key for at least 24 hours in PostgreSQL, scoped by partner', async () => {
    const key = randomUUID();
    await create(key, { name: 'Kept', handle: randomHandle() });
    const [row] = await db.query(
      `SELECT scope, extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(row.scope).toBe(`partner:${owner.id}`);
    expect(Number(row.hours)).toBeGreaterThanOrEqual(24);
  });

  it('purges expired keys, after which the key runs a new request', async () => {
    const key = randomUUID();
    const first = await create(key, { name: 'Expiring', handle: randomHandle() });
    expect(first.status).toBe(201);
    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    // An expired key is not replayed even before the purge removes it.
    const body = { name: 'Fresh', handle: randomHandle() };
    const again = await create(key, body);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);

    await db.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    await t.app.get(IdempotencyStore).purgeExpired();
    expect(await db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).toHaveLength(0);
  });

  it('does not touch requests without the header: two identical creates are two requests', async () => {
    const body = { name: 'No key', handle: randomHandle() };
    expect((await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, body)).status).toBe(201);
    expect((await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, body)).status).toBe(422);
  });
});

/** A POST route that authenticates nobody: its keys have no caller to be scoped to. */
@Public()
@Controller('api/idempotency-probe')
class AnonymousProbeController {
  private calls = 0;

  @Post()
  @HttpCode(200)
  @Idempotent()
  call() {
    return { call: ++this.calls };
  }
}

@Module({ controllers: [AnonymousProbeController] })
class AnonymousProbeModule {}

describe('Idempotency-Key: the outcome is atomic with the work, secrets are never stored', () => {
  let t: TestApp;
  let db: DataSource;
  let store: IdempotencyStore;
  let owner: TestPartner;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '10' }, undefined, [AnonymousProbeModule]);
    db = t.app.get(DataSource);
    store = t.app.get(IdempotencyStore);
    owner = await t.api.createPartner('Retrying owner');
  });
  afterAll(() => t?.close());
  afterEach(() => jest.restoreAllMocks());

  const createOrganization = (key: string, name: string) =>
    t.api.post('/api/organizations', owner.apiKey, { name }, { 'idempotency-key': key });
  const organizationsNamed = async (name: string) =>
    (await db.query('SELECT id FROM organizations WHERE name = $1', [name])).length;
  /** As if the request holding `key` had started two minutes ago: past the in-flight window. */
  const age = (key: string) =>
    db.query(`UPDATE idempotency_keys SET locked_at = now() - interval '2 minutes' WHERE key = $1`, [key]);

  it('never runs the work again when its response could not be stored after the commit', async () => {
    const key = randomUUID();
    const name = `Stored once ${randomUUID()}`;
    jest.spyOn(store, 'complete').mockRejectedValueOnce(new Error('the database went away after the commit'));
    const first = await createOrganization(key, name);
    expect(first.status).toBe(201);
    // Long after, as a retry after a crash would come: the work committed, so it does not run again.
    await age(key);
    const retry = await createOrganization(key, name);
    expect(retry.status).toBe(409);
    expect(retry.body.detail).toContain('was carried out, but its response was lost');
    expect(await organizationsNamed(name)).toBe(1);
  });

  it('lets a retry take over a request slower than the in-flight window, and only one of them commits', async () => {
    const key = randomUUID();
    const name = `Slow ${randomUUID()}`;
    const lock = db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query('LOCK TABLE organizations IN EXCLUSIVE MODE');
      const slow = createOrganization(key, name);
      await eventually(
        async () => (await db.query('SELECT token FROM idempotency_keys WHERE key = $1', [key]))[0]?.token,
        (token) => token !== undefined,
      );
      await age(key);
      const retry = createOrganization(key, name);
      // The retry took the key over (a fresh lock time) and waits on the table lock too.
      await eventually(
        async () =>
          (
            await db.query(
              `SELECT locked_at > now() - interval '1 minute' AS fresh FROM idempotency_keys WHERE key = $1`,
              [key],
            )
          )[0].fresh,
        (fresh) => fresh === true,
      );
      await lock.commitTransaction();
      const [slowResponse, retryResponse] = await Promise.all([slow, retry]);
      expect([slowResponse.status, retryResponse.status]).toEqual([409, 201]);
      expect(slowResponse.body.detail).toContain('a retry with its Idempotency-Key took over');
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
    expect(await organizationsNamed(name)).toBe(1);
  });

  it('lets a waiting retry sleep until the first answers (LISTEN/NOTIFY), not poll the database', async () => {
    const key = randomUUID();
    const name = `Waited for ${randomUUID()}`;
    const claims = jest.spyOn(store, 'claim');
    const lock = db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    let first: Promise<Awaited<ReturnType<typeof createOrganization>>>;
    let retry: Promise<Awaited<ReturnType<typeof createOrganization>>>;
    try {
      await lock.query('LOCK TABLE organizations IN EXCLUSIVE MODE');
      first = createOrganization(key, name);
      await eventually(
        async () => (await db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).length,
        (rows) => rows === 1,
      );
      retry = createOrganization(key, name);
      // The retry has taken its first look (the key is held); the 1.5 s it then waits are what is measured.
      await eventually(
        async () => claims.mock.calls.length,
        (calls) => calls >= 2,
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      await lock.commitTransaction();
      await lock.release();
    }
    const started = Date.now();
    const [firstResponse, retryResponse] = await Promise.all([first!, retry!]);
    expect(Date.now() - started).toBeLessThan(900);
    expect(retryResponse.status).toBe(201);
    expect(retryResponse.body.id).toBe(firstResponse.body.id);
    expect(retryResponse.headers.get('idempotent-replayed')).toBe('true');
    // First claim, a look once a second while waiting 1.5 s, one after the notification (25 ms polling: ~60).
    expect(claims.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it('never stores an issued API key, and answers a replay with a 409 that does not show it', async () => {
    const key = randomUUID();
    const body = { name: 'Secretive', email: `${randomUUID()}@partners.test` };
    const created = await t.api.post('/api/admin/partners', TEST_ADMIN_KEY, body, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    const secret = created.body.api_key as string;
    const issueKey = randomUUID();
    const issued = await t.api.post(`/api/admin/partners/${created.body.id}/keys`, TEST_ADMIN_KEY, undefined, {
      'idempotency-key': issueKey,
    });
    expect(issued.status).toBe(201);
    const stored = await db.query(
      `SELECT key FROM idempotency_keys WHERE response_body LIKE '%' || $1 || '%' OR response_body LIKE '%' || $2 || '%'`,
      [secret, issued.body.api_key],
    );
    expect(stored).toEqual([]);

    const replay = await t.api.post('/api/admin/partners', TEST_ADMIN_KEY, body, { 'idempotency-key': key });
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).not.toContain(secret);
    expect(replay.body.detail).toContain(created.body['@id']);
    expect(replay.body.detail).toContain('shown once');
    const keyReplay = await t.api.post(`/api/admin/partners/${created.body.id}/keys`, TEST_ADMIN_KEY, undefined, {
      'idempotency-key': issueKey,
    });
    expect(keyReplay.status).toBe(409);
    expect(keyReplay.text).not.toContain(issued.body.api_key);
    // No second partner and no third key were made.
    expect((await db.query('SELECT id FROM api_keys WHERE partner_id = $1', [created.body.id])).length).toBe(2);
  });

  it("never stores an integration's client secret: a replayed create or rotate-secret answers 409 without it", async () => {
    const organizationId = await t.api.createOrganization(owner, 'Integrating');
    const path = `/api/organizations/${organizationId}/integrations`;
    const body = { name: 'Secretive integration', scopes: ['instances:read'] };
    const createKey = randomUUID();
    const created = await t.api.post(path, owner.apiKey, body, { 'idempotency-key': createKey });
    expect(created.status).toBe(201);
    const rotateKey = randomUUID();
    const rotated = await t.api.post(`${path}/${created.body.id}/rotate-secret`, owner.apiKey, undefined, {
      'idempotency-key': rotateKey,
    });
    expect(rotated.status).toBe(200);
    const secrets = [created.body.client_secret as string, rotated.body.client_secret as string];
    const stored = await db.query(
      `SELECT key FROM idempotency_keys WHERE response_body LIKE '%' || $1 || '%' OR response_body LIKE '%' || $2 || '%'`,
      secrets,
    );
    expect(stored).toEqual([]);

    const replay = await t.api.post(path, owner.apiKey, body, { 'idempotency-key': createKey });
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.detail).toContain(created.body['@id']);
    expect(replay.body.detail).toContain('shown once');
    const rotateReplay = await t.api.post(`${path}/${created.body.id}/rotate-secret`, owner.apiKey, undefined, {
      'idempotency-key': rotateKey,
    });
    expect(rotateReplay.status).toBe(409);
    for (const secret of secrets) expect(replay.text + rotateReplay.text).not.toContain(secret);
    // One integration, rotated once: the current secret is still the one the first rotation showed.
    const rows = await db.query('SELECT id, previous_secret_hash FROM integrations WHERE organization_id = $1', [
      organizationId,
    ]);
    expect(rows).toEqual([{ id: created.body.id, previous_secret_hash: expect.any(String) }]);
  });

  it('commits the outcome of a key with the work on the integrations and invitations routes', async () => {
    const organizationId = await t.api.createOrganization(owner, 'Atomic');
    const invitee = await t.api.createPartner('Invitee');
    const decliner = await t.api.createPartner('Decliner');
    const committed = async (key: string) =>
      (await db.query('SELECT committed_at IS NOT NULL AS committed FROM idempotency_keys WHERE key = $1', [key]))[0];
    const send = async (path: string, partner: TestPartner, body?: unknown) => {
      const key = randomUUID();
      const response = await t.api.post(path, partner.apiKey, body, { 'idempotency-key': key });
      expect(response.status).toBeLessThan(300);
      expect(await committed(key)).toEqual({ committed: true });
      return response;
    };
    const org = `/api/organizations/${organizationId}`;
    const integration = await send(`${org}/integrations`, owner, { name: 'Atomic', scopes: ['instances:read'] });
    await send(`${org}/integrations/${integration.body.id}/rotate-secret`, owner);
    const invite = (partner: TestPartner) =>
      send(`${org}/invitations`, owner, { email: partner.email, role: 'member' });
    await send(`/api/invitations/${(await invite(invitee)).body.id}/accept`, invitee);
    await send(`/api/invitations/${(await invite(decliner)).body.id}/decline`, decliner);
    await send(`${org}/invitations/${(await invite(decliner)).body.id}/revoke`, owner);
  });

  it("scopes an integration token's keys to the integration, apart from its organization's partners", async () => {
    const organizationId = await t.api.createOrganization(owner, 'Token keys');
    const { token } = await integrationToken(t, owner, organizationId, ['instances:write']);
    const path = `/api/organizations/${organizationId}/instances`;
    const key = randomUUID();
    const body = { name: 'By a token', handle: randomHandle() };
    const first = await t.api.post(path, token, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const retry = await t.api.post(path, token, body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    // The owner's request with the same key runs on its own: the handle is taken, so it is refused.
    const theirs = await t.api.post(path, owner.apiKey, body, { 'idempotency-key': key });
    expect(theirs.status).toBe(422);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    const scopes = await db.query('SELECT scope FROM idempotency_keys WHERE key = $1 ORDER BY scope', [key]);
    expect(scopes.map((row: { scope: string }) => row.scope.split(':')[0])).toEqual(['integration', 'partner']);
  });

  it('refuses a key on a route that authenticates nobody, instead of sharing one scope among all clients', async () => {
    const key = randomUUID();
    const first = await fetch(`${t.baseUrl}/api/idempotency-probe`, {
      method: 'POST',
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(400);
    expect(((await first.json()) as { detail: string }).detail).toContain('authenticates no caller');
    expect(await db.query(`SELECT scope FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);
  });
});
