import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdempotencyStore } from '../../src/shared/idempotency/idempotency.store.js';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

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
