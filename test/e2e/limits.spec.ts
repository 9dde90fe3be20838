import { randomHandle } from '../support/handles.js';
import { leakIn, problemDefect, sendRaw } from '../support/hostile-client.js';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const KIB = 1024;

/** Asserts a valid problem document with this status; ApiClient already checked it against the OpenAPI document. */
function expectProblem(response: ApiResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(problemDefect(response)).toBeUndefined();
}

/** The status line and the parsed problem of a raw answer. */
function rawProblem(raw: { status: number; head: string; body: string }) {
  expect(raw.head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
  const body = JSON.parse(raw.body);
  expect(body.status).toBe(raw.status);
  expect(leakIn(raw.body)).toBeUndefined();
  return body;
}

describe('request limits, media types and headers', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  let host: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Limits');
    organizationId = await t.api.createOrganization(owner, 'Limits');
    host = new URL(t.baseUrl).host;
  });
  afterAll(() => t?.close());

  const instances = () => `/api/organizations/${organizationId}/instances`;

  describe('body size', () => {
    it('answers 413 to a body over 64 KiB, as a problem document, and creates nothing', async () => {
      const handle = randomHandle();
      const response = await t.api.request('POST', instances(), {
        key: owner.apiKey,
        rawBody: JSON.stringify({ name: 'x'.repeat(64 * KIB), handle }),
        headers: { 'content-type': 'application/ld+json' },
      });
      expectProblem(response, 413);
      const list = await t.api.get(`${instances()}?handle=${handle}`, owner.apiKey);
      expect(list.body.totalItems).toBe(0);
    });

    it('reads a body of exactly 64 KiB (and judges its content, not its size)', async () => {
      const envelope = JSON.stringify({ name: '', handle: randomHandle() });
      const padding = ' '.repeat(64 * KIB - Buffer.byteLength(envelope));
      const response = await t.api.request('POST', instances(), {
        key: owner.apiKey,
        rawBody: envelope.replace('{', `{${padding}`),
        headers: { 'content-type': 'application/ld+json' },
      });
      expectProblem(response, 422);
    });

    it('answers 413 to an oversized body announced by Content-Length before reading it', async () => {
      const raw = await sendRaw(
        t.baseUrl,
        `POST ${instances()} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${owner.apiKey}\r\n` +
          `Content-Type: application/ld+json\r\nContent-Length: ${100 * 1024 * 1024}\r\nConnection: close\r\n\r\n{"name":`,
      );
      expect(raw.status).toBe(413);
      rawProblem(raw);
    });
  });

  describe('header and URL size', () => {
    it('answers 431 to a header block over 16 KiB, as a problem document', async () => {
      const raw = await sendRaw(
        t.baseUrl,
        `GET /api/organizations HTTP/1.1\r\nHost: ${host}\r\nX-Padding: ${'p'.repeat(17 * KIB)}\r\nConnection: close\r\n\r\n`,
      );
      expect(raw.status).toBe(431);
      expect(rawProblem(raw).type).toBe('/errors/431');
    });

    it('answers 431 to a URL over 16 KiB', async () => {
      const raw = await sendRaw(
        t.baseUrl,
        `GET /api/organizations?name=${'n'.repeat(17 * KIB)} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      expect(raw.status).toBe(431);
      rawProblem(raw);
    });

    it('answers 414 to a path segment over 200 characters', async () => {
      const response = await t.api.get(`/api/organizations/${'a'.repeat(300)}`, owner.apiKey);
      expectProblem(response, 414);
    });

    it('answers 400 to a request that is not valid HTTP', async () => {
      const raw = await sendRaw(t.baseUrl, 'GET /api/organizations HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n');
      expect(raw.status).toBe(400);
      rawProblem(raw);
    });

    it('answers 400 to a path with broken percent-encoding', async () => {
      const raw = await sendRaw(
        t.baseUrl,
        `GET /api/organizations/%E0%A4%A HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      expect(raw.status).toBe(400);
      rawProblem(raw);
    });
  });

  describe('media types', () => {
    it.each(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'])(
      'answers 415 to a body sent as %s',
      async (contentType) => {
        const response = await t.api.request('POST', instances(), {
          key: owner.apiKey,
          rawBody: JSON.stringify({ name: 'Typed', handle: randomHandle() }),
          headers: { 'content-type': contentType },
        });
        expectProblem(response, 415);
      },
    );

    it.each(['text/html', 'application/xml', 'image/png'])('answers 406 to Accept: %s', async (accept) => {
      const response = await t.api.get(instances(), owner.apiKey, { accept });
      expectProblem(response, 406);
    });
  });

  describe('no internals in any answer', () => {
    it('answers errors of every kind without stack traces, SQL or driver messages', async () => {
      const answers = await Promise.all([
        t.api.get(`/api/organizations/${organizationId}/instances/not-a-uuid`, owner.apiKey),
        t.api.get(`${instances()}?page=-1`, owner.apiKey),
        t.api.get(`${instances()}?itemsPerPage=abc`, owner.apiKey),
        t.api.get(`${instances()}?order[name]=sideways`, owner.apiKey),
        t.api.get(`${instances()}?name=${encodeURIComponent("' OR 1=1; --")}`, owner.apiKey),
        t.api.request('POST', instances(), {
          key: owner.apiKey,
          rawBody: '{"name":',
          headers: { 'content-type': 'application/json' },
        }),
        t.api.post(instances(), owner.apiKey, { name: ['array'], handle: { nested: true } }),
        t.api.post(instances(), owner.apiKey, { name: 'a\u0000b', handle: randomHandle() }),
        t.api.get('/api/organizations/00000000-0000-0000-0000-000000000000', owner.apiKey),
        t.api.get('/api/no-such-route', owner.apiKey),
        t.api.get('/api/organizations', 'not-a-key'),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(500);
        expect(leakIn(answer.text)).toBeUndefined();
        if (answer.status >= 400) expect(problemDefect(answer)).toBeUndefined();
      }
    });
  });

  describe('security headers', () => {
    it.each([
      ['a resource', () => t.api.get('/api/organizations', owner.apiKey)],
      ['an error', () => t.api.get('/api/organizations', 'wrong')],
      ['an unknown route', () => t.api.get('/api/nothing-here')],
    ])('sends them on %s', async (_label, request) => {
      const response = await request();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('CORS, off by default', () => {
    it('answers a preflight without any Access-Control header', async () => {
      const response = await fetch(`${t.baseUrl}/api/organizations`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('sends no Access-Control-Allow-Origin on a cross-origin request', async () => {
      const response = await t.api.get('/api/organizations', owner.apiKey, { origin: 'https://evil.example' });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('CORS with CORS_ORIGINS set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://console.example, https://admin.example' });
  });
  afterAll(() => t?.close());

  it('allows a preflight from a listed origin, with the API headers', async () => {
    const response = await fetch(`${t.baseUrl}/api/organizations`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://console.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://console.example');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });

  it('exposes the headers clients need on a real request', async () => {
    const partner = await t.api.createPartner('Browser');
    const response = await t.api.get('/api/organizations', partner.apiKey, { origin: 'https://admin.example' });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Location/);
  });

  it('lets a browser on another origin make conditional requests and read their headers', async () => {
    const preflight = await fetch(`${t.baseUrl}/api/organizations`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://admin.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'if-match, if-none-match',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(
      expect.stringMatching(/if-match.*if-none-match/),
    );
    const partner = await t.api.createPartner('Conditional browser');
    const response = await t.api.get('/api/organizations', partner.apiKey, { origin: 'https://admin.example' });
    expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag.*Allow.*Accept-Post.*Accept-Patch/);
  });

  it('keeps unknown paths 404 and unserved methods 405: the preflight route is no resource', async () => {
    expect((await fetch(`${t.baseUrl}/api/nothing-here`)).status).toBe(404);
    const put = await fetch(`${t.baseUrl}/api/organizations`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('does not allow an origin that is not listed', async () => {
    const response = await fetch(`${t.baseUrl}/api/organizations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
