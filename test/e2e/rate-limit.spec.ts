import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { TestPartner } from '../support/api-client.js';
import { redisForTests } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Redis shared by replicas: the local one, or a redis-server started for this file; else skipped loudly.
const testRedis = await redisForTests();
if (!testRedis) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the shared rate-limit tests need Redis: none answers on 127.0.0.1:6379 and\n` +
      `!! redis-server is not installed. Install it (apt-get install -y redis-server; .ci/run does this)\n` +
      `!! or point TEST_REDIS_URL at one.\n${'!'.repeat(78)}\n`,
  );
}

describe('rate limiting per API key', () => {
  let t: TestApp;
  let partner: TestPartner;
  let organizationId: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    // The admin key has a budget of its own: creating fixtures does not use the partner's.
    partner = await t.api.createPartner('Busy');
    organizationId = await t.api.createOrganization(partner);
  });
  afterAll(() => t?.close());

  it('counts down RateLimit-Remaining, then answers 429 with Retry-After as a problem document', async () => {
    const path = `/api/organizations/${organizationId}/instances`;
    // createOrganization spent one request of the budget.
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await t.api.get(path, partner.apiKey);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(response.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);

    const refused = await t.api.get(path, partner.apiKey);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests', type: '/errors/429' });
    expect(refused.body.detail).toMatch(/at most 5 per minute/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-limit')).toBe('5');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('gives every API key its own budget', async () => {
    const other = await t.api.createPartner('Quiet');
    const response = await t.api.get('/api/organizations', other.apiKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-remaining')).toBe('4');
  });

  it('never limits the health checks', async () => {
    for (let i = 0; i < 8; i++) expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
  });
});

describe('RATE_LIMIT_PER_MINUTE=0', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(() => t?.close());

  it('turns rate limiting off: no 429 and no RateLimit headers', async () => {
    const partner = await t.api.createPartner('Unlimited');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => t.api.get('/api/organizations', partner.apiKey)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(responses[0].headers.get('ratelimit-limit')).toBeNull();
  });
});

(testRedis ? describe : describe.skip)('rate limits shared by replicas through Redis', () => {
  const prefix = `instances-api-test:${randomUUID()}:`;
  let replicas: TestApp[] = [];
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(testRedis!.url, { connectTimeout: 2000, maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined);
    const env = { RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_REDIS_URL: testRedis!.url, RATE_LIMIT_REDIS_PREFIX: prefix };
    replicas = [await startTestApp(env), await startTestApp(env)];
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    const keys = await redis.keys(`${prefix}*`).catch(() => []);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await testRedis?.stop();
  });

  it('counts the requests of one key on both replicas against one budget', async () => {
    const [a, b] = replicas;
    const partner = await a.api.createPartner('Spread out');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const replica = i % 2 === 0 ? a : b;
      statuses.push((await replica.api.get('/api/organizations', partner.apiKey)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect(await redis.keys(`${prefix}*`)).not.toHaveLength(0);
  });
});

describe('RATE_LIMIT_REDIS_URL unreachable', () => {
  it('lets requests through (fail open) without hanging, and warns at start, once per window, not per request', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const isOutageWarning = (call: unknown[]) =>
      /^RATE_LIMIT_REDIS_URL \(127\.0\.0\.1:1\) is unreachable .*NOT rate-limited/.test(String(call[0]));
    const isolated = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1', RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      expect(warn.mock.calls.filter(isOutageWarning)).toHaveLength(1);
      const partner = await isolated.api.createPartner('Unlimited while Redis is down');
      const started = performance.now();
      for (let i = 0; i < 3; i++) {
        expect((await isolated.api.get('/api/organizations', partner.apiKey)).status).toBe(200);
      }
      expect(performance.now() - started).toBeLessThan(3000);
      expect(warn.mock.calls.filter(isOutageWarning)).toHaveLength(1);
    } finally {
      warn.mockRestore();
      await isolated.close();
    }
  });
});
