import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { WebhookAttemptLog } from '../../src/webhooks/infrastructure/webhook-attempt-log.js';
import type { TestPartner } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';
import { type ReceivedWebhook, WebhookReceiver } from '../support/webhook-receiver.js';

const MAX_ATTEMPTS = 3;

/** The Standard Webhooks library, not our code, checks every signature. */
const verify = (secret: string, hook: ReceivedWebhook) =>
  new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>) as Record<string, any>;

describe('signed webhooks (Standard Webhooks) with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: TestPartner;
  let member: TestPartner;
  let organizationId: string;
  let other: string;
  const healthy = new WebhookReceiver();
  const failing = new WebhookReceiver();
  /** An endpoint of the organization the instance is transferred to. */
  const arriving = new WebhookReceiver();
  let healthyEndpoint: Record<string, any>;
  let failingEndpoint: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      EVENT_DELIVERY_BACKOFF_MS: '200',
      EVENT_DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      OUTBOX_POLL_INTERVAL_MS: '200',
      // The failing endpoint gets paused (it fails everything): probed again within a second.
      EVENT_DELIVERY_PAUSE_MS: '1000',
    });
    db = t.app.get(DataSource);
    ({ owner, member, organizationId } = await world(t, { organization: 'Hooked' }));
    other = await t.api.createOrganization(owner, 'Other');
    failing.status = 500;
    const endpoints = `/api/organizations/${organizationId}/webhook-endpoints`;
    const created = await t.api.post(endpoints, owner.apiKey, { url: await healthy.start(), description: 'Healthy' });
    expect(created.status).toBe(201);
    healthyEndpoint = created.body;
    failingEndpoint = (await t.api.post(endpoints, owner.apiKey, { url: await failing.start() })).body;
    const arrivingUrl = await arriving.start();
    await t.api.post(`/api/organizations/${other}/webhook-endpoints`, owner.apiKey, { url: arrivingUrl });
  });
  afterAll(async () => {
    await t.close();
    await healthy.stop();
    await failing.stop();
    await arriving.stop();
  });

  const endpointPath = (endpoint: Record<string, any>) => endpoint['@id'] as string;
  const instancePath = (org: string, id: string) => `/api/organizations/${org}/instances/${id}`;

  it('shows the signing secret once, at creation', async () => {
    expect(healthyEndpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(healthyEndpoint).toMatchObject({ '@type': 'WebhookEndpoint', disabled: false, description: 'Healthy' });
    expect(healthyEndpoint.event_types).toBeUndefined();
    const read = await t.api.get(endpointPath(healthyEndpoint), member.apiKey);
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    const [stored] = await db.query('SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1', [
      healthyEndpoint.id,
    ]);
    expect(Buffer.from(stored.secret_ciphertext).toString('latin1')).not.toContain(healthyEndpoint.secret.slice(6));
  });

  it('delivers every event, signed, in order, to the healthy endpoint while the failing one is retried', async () => {
    const created = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'Hooked instance',
      handle: randomHandle(),
    });
    const id = created.body.id as string;
    await t.api.request('PATCH', instancePath(organizationId, id), { key: owner.apiKey, body: { name: 'Renamed' } });
    await t.api.request('PUT', `${instancePath(organizationId, id)}/authorized-organizations/${other}`, {
      key: owner.apiKey,
    });
    await t.api.post(`${instancePath(organizationId, id)}/transfer`, owner.apiKey, { organization_id: other });
    await t.api.request('DELETE', instancePath(other, id), { key: owner.apiKey }); // the other organization's event

    const mine = (hook: ReceivedWebhook) =>
      (JSON.parse(hook.body) as { data: { data: { id: string } } }).data.data.id === id;
    const hooks = await eventually(
      async () => healthy.received.filter(mine),
      (found) => found.length >= 4,
      10_000,
    );
    const payloads = hooks.map((hook) => verify(healthyEndpoint.secret, hook));
    expect(payloads.map((p) => p.type)).toEqual([
      'instance.created',
      'instance.renamed',
      'instance.organization_authorized',
      'instance.transferred',
    ]);
    // The body's data is the event as the feed shows it; webhook-id is the event id.
    const feed = await t.api.get(
      `/api/organizations/${organizationId}/events?types%5B%5D=instance.renamed`,
      owner.apiKey,
    );
    const renamed = feed.body.member.find((e: { data: { id: string } }) => e.data.id === id);
    expect(payloads[1]).toEqual({ type: 'instance.renamed', timestamp: expect.any(String), data: renamed });
    expect(hooks[1].headers['webhook-id']).toBe(renamed.id);
    expect(hooks[1].headers['content-type']).toBe('application/json');
    // A wrong secret does not verify.
    expect(() => verify(failingEndpoint.secret, hooks[0])).toThrow();
    // The organization it went to hears of it from the transfer on, in order.
    const arrived = await eventually(
      async () => arriving.received.filter(mine),
      (found) => found.length >= 2,
      10_000,
    );
    expect(arrived.map((hook) => (JSON.parse(hook.body) as { type: string }).type)).toEqual([
      'instance.transferred',
      'instance.deleted',
    ]);

    // The failing endpoint got the first event, again and again, and nothing after it of that instance.
    const attempts = await eventually(
      () => t.api.get(`${endpointPath(failingEndpoint)}/deliveries`, member.apiKey),
      (response) =>
        response.body.member.filter((a: { event_id: string }) => a.event_id === payloads[0].data.id).length >= 2,
      10_000,
    );
    const tried = attempts.body.member.filter((a: { event_id: string }) => a.event_id === payloads[0].data.id);
    expect(tried[0]).toMatchObject({ event_type: 'instance.created', status: 500, response_excerpt: 'answered 500' });
    expect(tried[0].duration_ms).toEqual(expect.any(Number));
    const failingIds = new Set(failing.received.filter(mine).map((hook) => hook.headers['webhook-id']));
    expect([...failingIds]).toEqual([payloads[0].data.id]);
    // Retries keep the webhook-id.
    expect(failing.received.filter(mine).length).toBeGreaterThanOrEqual(2);
  });

  it('re-sends a dead delivery when the owner replays the endpoint', async () => {
    const created = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'Replayed',
      handle: randomHandle(),
    });
    const [event] = await db.query('SELECT id FROM outbox_events WHERE aggregate_id = $1', [created.body.id]);
    await eventually(
      async () =>
        (
          await db.query('SELECT state FROM event_deliveries WHERE subscriber = $1 AND event_id = $2', [
            `webhook:${failingEndpoint.id}`,
            event.id,
          ])
        )[0]?.state,
      (state) => state === 'dead',
      15_000,
    );
    failing.status = 200;
    const before = failing.received.filter((hook) => hook.headers['webhook-id'] === event.id).length;
    expect(before).toBe(MAX_ATTEMPTS);
    expect(
      (await t.api.post(`${endpointPath(failingEndpoint)}/replay`, member.apiKey, { since: new Date(0).toISOString() }))
        .status,
    ).toBe(403);
    const replay = await t.api.post(`${endpointPath(failingEndpoint)}/replay`, owner.apiKey, {
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(replay.status).toBe(202);
    expect(replay.body.replayed).toBeGreaterThanOrEqual(1);
    const again = await eventually(
      async () => failing.received.filter((hook) => hook.headers['webhook-id'] === event.id),
      (hooks) => hooks.length === before + 1,
      10_000,
    );
    expect(verify(failingEndpoint.secret, again.at(-1)!).type).toBe('instance.created');
    failing.status = 500;
  });

  it('signs with the new secret right after a rotation', async () => {
    const rotated = await t.api.post(`${endpointPath(healthyEndpoint)}/rotate-secret`, owner.apiKey);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(healthyEndpoint.secret);
    const created = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'After rotation',
      handle: randomHandle(),
    });
    const hook = await eventually(
      async () => healthy.received.find((h) => JSON.parse(h.body).data.data.id === created.body.id),
      (found) => found !== undefined,
      10_000,
    );
    expect(verify(rotated.body.secret, hook!).type).toBe('instance.created');
    expect(() => verify(healthyEndpoint.secret, hook!)).toThrow();
    healthyEndpoint = { ...healthyEndpoint, secret: rotated.body.secret };
  });

  it('disables an endpoint that has failed for days, with the reason, and stops delivering to it', async () => {
    await db.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '4 days' WHERE id = $1`, [
      failingEndpoint.id,
    ]);
    await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'Last straw',
      handle: randomHandle(),
    });
    const disabled = await eventually(
      () => t.api.get(endpointPath(failingEndpoint), owner.apiKey),
      (response) => response.body.disabled === true,
      10_000,
    );
    expect(disabled.body.disabled_reason).toMatch(
      /^Deliveries failed since .* without a success; last error: answered 500/,
    );
    // Enabled again by its owner: the reason goes.
    const enabled = await t.api.request('PATCH', endpointPath(failingEndpoint), {
      key: owner.apiKey,
      body: { disabled: false, event_types: ['instance.deleted'] },
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ disabled: false, event_types: ['instance.deleted'] });
    expect(enabled.body.disabled_reason).toBeUndefined();
  });

  it('keeps the attempts of live endpoints when their batch also holds those of an endpoint deleted meanwhile', async () => {
    const log = t.app.get(WebhookAttemptLog);
    const attempt = (endpointId: string) => ({
      endpointId,
      eventId: uuidv7(),
      eventType: 'instance.created',
      attemptedAt: new Date(),
      status: 204,
      durationMs: 1,
      excerpt: null,
      error: null,
    });
    const kept = attempt(healthyEndpoint.id);
    log.add(attempt(uuidv7())); // an endpoint that no longer exists
    log.add(kept);
    await log.flush();
    const rows = await db.query('SELECT endpoint_id FROM webhook_delivery_attempts WHERE event_id = $1', [
      kept.eventId,
    ]);
    expect(rows).toEqual([{ endpoint_id: healthyEndpoint.id }]);
  });

  it('lets members read endpoints, not write them, and checks what owners send', async () => {
    const endpoints = `/api/organizations/${organizationId}/webhook-endpoints`;
    const list = await t.api.get(endpoints, member.apiKey);
    expect(list.status).toBe(200);
    expect(list.body.member.map((e: { id: string }) => e.id)).toEqual([healthyEndpoint.id, failingEndpoint.id]);
    expect((await t.api.post(endpoints, member.apiKey, { url: 'http://127.0.0.1:1/x' })).status).toBe(403);
    expect((await t.api.request('DELETE', endpointPath(healthyEndpoint), { key: member.apiKey })).status).toBe(403);
    expect((await t.api.post(`${endpointPath(healthyEndpoint)}/rotate-secret`, member.apiKey)).status).toBe(403);
    expect(
      (await t.api.get(`/api/organizations/${other}/webhook-endpoints/${healthyEndpoint.id}`, owner.apiKey)).status,
    ).toBe(404);

    const refused = await t.api.post(endpoints, owner.apiKey, { url: 'ftp://x', event_types: ['instance.exploded'] });
    expect(refused.status).toBe(422);
    expect(refused.body.violations.map((v: { propertyPath: string }) => v.propertyPath)).toEqual([
      'url',
      'event_types',
    ]);
    expect((await t.api.post(endpoints, owner.apiKey, {})).status).toBe(422);
    expect((await t.api.post(endpoints, owner.apiKey, { url: 42 })).status).toBe(400);

    const temporary = await t.api.post(endpoints, owner.apiKey, { url: 'http://127.0.0.1:1/gone' });
    expect((await t.api.request('DELETE', endpointPath(temporary.body), { key: owner.apiKey })).status).toBe(204);
    expect((await t.api.get(endpointPath(temporary.body), owner.apiKey)).status).toBe(404);
  });
});

describe('WEBHOOK_CONCURRENCY', () => {
  const CONCURRENCY = 3;
  const INSTANCES = 8;
  let t: TestApp;
  const slow = new WebhookReceiver();

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_CONCURRENCY: String(CONCURRENCY) });
  });
  afterAll(async () => {
    await t.close();
    await slow.stop();
  });

  it('holds that many deliveries in flight per endpoint, and no more, until every event is delivered', async () => {
    const { owner, organizationId } = await world(t, { organization: 'Concurrent' });
    slow.delayMs = 300;
    const endpoint = await t.api.post(`/api/organizations/${organizationId}/webhook-endpoints`, owner.apiKey, {
      url: await slow.start(),
      event_types: ['instance.created'],
    });
    expect(endpoint.status).toBe(201);
    // The relay takes a new endpoint up on its next poll: create once it has.
    await eventually(
      () =>
        t.app
          .get(DataSource)
          .query('SELECT 1 FROM event_subscriptions WHERE subscriber = $1', [`webhook:${endpoint.body.id}`]),
      (rows) => rows.length === 1,
      10_000,
    );
    for (let i = 0; i < INSTANCES; i++) {
      const created = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
        name: `Concurrent ${i}`,
        handle: randomHandle(),
      });
      expect(created.status).toBe(201);
    }
    await eventually(
      async () => slow.received.length,
      (count) => count >= INSTANCES,
      15_000,
    );
    expect(slow.received).toHaveLength(INSTANCES);
    expect(slow.peakInFlight).toBe(CONCURRENCY);
  });
});

describe('webhook URLs without WEBHOOK_ALLOW_PRIVATE_NETWORKS (SSRF)', () => {
  let t: TestApp;
  let owner: TestPartner;
  let endpoints: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Owner');
    endpoints = `/api/organizations/${await t.api.createOrganization(owner)}/webhook-endpoints`;
  });
  afterAll(() => t.close());

  it.each([
    ['http://hooks.example.com/in', /https/],
    ['https://127.0.0.1/in', /loopback/],
    ['https://[::1]/in', /loopback/],
    ['https://localhost:8443/in', /loopback/],
    ['https://10.0.0.7/in', /private/],
    ['https://169.254.169.254/latest/meta-data/', /link-local/],
    ['https://[::ffff:127.0.0.1]/in', /loopback/],
  ])('refuses %s', async (url, message) => {
    const response = await t.api.post(endpoints, owner.apiKey, { url });
    expect(response.status).toBe(422);
    expect(response.body.violations).toEqual([
      expect.objectContaining({ propertyPath: 'url', message: expect.stringMatching(message) }),
    ]);
  });
});
