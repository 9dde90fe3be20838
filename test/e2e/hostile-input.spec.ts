import { jest } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Fixtures, problemDefect, type RawResponse, send, type Tenant } from '../support/hostile-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';

/**
 * Property-based fuzzing of every endpoint's path, query and body with fast-check. Invariant for
 * every request: a 2xx or 4xx, a valid problem document for every error, never a 5xx, and the
 * process still answers afterwards. FUZZ_RUNS scales the runs per property (npm run test:chaos
 * runs many more than npm test).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
jest.setTimeout(Math.max(120_000, RUNS * 4_000));

let server: TestApp;
let fixtures: Fixtures;
let owner: Tenant;
let organizationId: string;
let instanceId: string;
const observed = { requests: 0, byStatus: new Map<number, number>() };

beforeAll(async () => {
  server = await startTestApp();
  fixtures = new Fixtures(server.baseUrl);
  owner = await fixtures.partner('Fuzz owner');
  organizationId = await fixtures.organization(owner, 'Fuzz organization');
  instanceId = (await fixtures.instance(owner, organizationId, 'Fuzz instance')).id;
});

afterAll(async () => {
  const statuses = [...observed.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${n} x ${s}`);
  console.info(`hostile input: ${observed.requests} fuzzed requests: ${statuses.join(', ')}`);
  await server?.close();
});

/** Sends, records the status and fails the property on a 5xx or an invalid problem document. */
async function probe(method: string, path: string, init: Parameters<typeof send>[3] = {}): Promise<RawResponse> {
  const response = await send(server.baseUrl, method, path, init);
  observed.requests++;
  observed.byStatus.set(response.status, (observed.byStatus.get(response.status) ?? 0) + 1);
  const where = `${method} ${path.slice(0, 300)} -> ${response.status}`;
  if (response.status >= 500) throw new Error(`${where}: server error ${response.text.slice(0, 500)}`);
  if (response.status >= 400) {
    const defect = problemDefect(response);
    if (defect) throw new Error(`${where}: not a valid problem document (${defect}): ${response.text.slice(0, 500)}`);
  }
  return response;
}

/** Percent-encodes what can be encoded: a lone surrogate becomes U+FFFD, as a browser would send it. */
const encode = (value: string): string => encodeURIComponent(value.toWellFormed());

// ---- arbitraries -------------------------------------------------------------------------------

const METACHARACTERS = ['%', '_', '\\', "'", '"', '%%', '_%', '\\%', "' OR '1'='1", '--', ';', '*', '?', '[', ']'];
const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\t\n\r',
  '\u0007\u001b[31m',
  '\u202e',
  '\ud800',
  '\udfff',
  '𝕏𝕐',
  'é',
  'ﬀ',
  'İ',
  '\u00a0',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '../../etc/passwd',
  '%00',
  '%2e%2e',
  '<script>alert(1)</script>',
  '${jndi:x}',
  ...METACHARACTERS,
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...METACHARACTERS), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 5000 }).map((n) => 'x'.repeat(n)) },
);

const hostileNumberText = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '1e3', '0x10', ' 1', '1 ', '+1', '01', '', 'abc', '∞', '١', '9'.repeat(400)),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer().map(String),
);

/** JSON text, including what JSON.stringify never produces: duplicate keys, deep nesting, garbage. */
const hostileJsonText = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          name: fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 })),
          handle: fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 }), fc.constant(randomHandle())),
          role: fc.oneof(hostileString, fc.constantFrom('owner', 'member', 'OWNER', 'admin')),
          email: hostileString,
          id: fc.uuid(),
        },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(hostileString, hostileString)
      .map(([a, b]) => `{"name":${JSON.stringify(a)},"name":${JSON.stringify(b)},"handle":"dup","handle":1}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"admin":true},"name":"p","handle":"proto-pollution"}',
      '{"constructor":{"prototype":{"admin":true}},"name":"c","handle":"ctor-pollution"}',
      '{"name":{"__proto__":{"x":1}},"handle":"a"}',
      '{"name":"a","handle":"b","organization_id":"00000000-0000-0000-0000-000000000000","id":"x"}',
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 10, max: 20_000 })
      .chain((depth) =>
        fc.constantFrom(
          '['.repeat(depth) + ']'.repeat(depth),
          '{"name":'.repeat(depth) + '"x"' + '}'.repeat(depth),
          `{"name":"n","handle":${'['.repeat(depth)}${']'.repeat(depth)}}`,
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'null',
      'true',
      '"str"',
      '[]',
      '{',
      '{"a":}',
      '\u0000',
      '{"name":"\\u0000"}',
      'NaN',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

const queryPart = fc.oneof(
  fc.tuple(
    fc.constantFrom('name', 'handle', 'name[]', 'handle[]', 'page', 'itemsPerPage', 'order[name]', 'order[handle]'),
    hostileString,
  ),
  fc.tuple(
    fc.constantFrom('order[createdAt]', 'order[updatedAt]', 'order[id]', 'order[]', 'order'),
    fc.constantFrom('asc', 'DESC', 'up', '', 'asc;drop'),
  ),
  fc.tuple(fc.constantFrom('page', 'itemsPerPage'), hostileNumberText),
  fc.tuple(hostileString, hostileString),
);

/** A query string, sometimes malformed on purpose (bare %, lone keys, repeated keys). */
const hostileQuery = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(queryPart, { maxLength: 6 })
      .map((parts) => parts.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%',
      'name=%',
      'name=%zz',
      '&&&',
      '=',
      'name',
      'page=1&page=2',
      'name=%00',
      'a[b][c]=1',
      'name=%E0%A4%A',
    ),
  },
);

/** An id of the fixtures (read when generated, after beforeAll), as stored or in uppercase. */
const existing = (id: () => string) => fc.boolean().map((upper) => (upper ? id().toUpperCase() : id()));

/** A path segment where an id belongs: valid ids of others, garbage, encodings, traversal. */
const hostileSegment = fc.oneof(
  fc.uuid().map(String),
  fc.constant(randomUUID().toUpperCase()),
  hostileString.map(encode),
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%2F',
    '%00',
    '%',
    'null',
    ' ',
    '%20',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(250),
  ),
);

const authHeader = fc.oneof(
  { weight: 6, arbitrary: fc.constant('owner') },
  { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'admin', 'basic', 'huge') },
);

function authorization(kind: string): Record<string, string> {
  switch (kind) {
    case 'owner':
      return { authorization: `Bearer ${owner.apiKey}` };
    case 'admin':
      return { authorization: `Bearer ${TEST_ADMIN_KEY}` };
    case 'garbage':
      return { authorization: 'Bearer \u00ff\u00fe' };
    case 'basic':
      return { authorization: 'Basic dXNlcjpwYXNz' };
    case 'huge':
      return { authorization: `Bearer ${'k'.repeat(5000)}` };
    default:
      return {};
  }
}

/** Every route, with the parts a property may replace. */
const ROUTES: { method: string; template: (org: string, id: string) => string; body: boolean }[] = [
  { method: 'POST', template: () => '/api/organizations', body: true },
  { method: 'GET', template: () => '/api/organizations', body: false },
  { method: 'GET', template: (org) => `/api/organizations/${org}`, body: false },
  { method: 'PATCH', template: (org) => `/api/organizations/${org}`, body: true },
  { method: 'DELETE', template: (org) => `/api/organizations/${org}`, body: false },
  { method: 'PUT', template: (org, id) => `/api/organizations/${org}/members/${id}`, body: true },
  { method: 'DELETE', template: (org, id) => `/api/organizations/${org}/members/${id}`, body: false },
  { method: 'POST', template: (org) => `/api/organizations/${org}/instances`, body: true },
  { method: 'GET', template: (org) => `/api/organizations/${org}/instances`, body: false },
  { method: 'GET', template: (org, id) => `/api/organizations/${org}/instances/${id}`, body: false },
  { method: 'GET', template: (org) => `/api/organizations/${org}/instance-stats`, body: false },
  { method: 'PATCH', template: (org, id) => `/api/organizations/${org}/instances/${id}`, body: true },
  {
    method: 'PUT',
    template: (org, id) => `/api/organizations/${org}/instances/${id}/authorized-organizations/${org}`,
    body: false,
  },
  {
    method: 'DELETE',
    template: (org, id) => `/api/organizations/${org}/instances/${id}/authorized-organizations/${id}`,
    body: false,
  },
  { method: 'POST', template: (org, id) => `/api/organizations/${org}/instances/${id}/transfer`, body: true },
  { method: 'POST', template: () => '/api/admin/partners', body: true },
  { method: 'POST', template: (_org, id) => `/api/admin/partners/${id}/keys`, body: false },
  { method: 'DELETE', template: (org, id) => `/api/admin/partners/${org}/keys/${id}`, body: false },
  { method: 'GET', template: (_org, id) => `/api/contexts/${id}`, body: false },
  // Last: it may delete the fixture instance, after which the others would only see 404s.
  { method: 'DELETE', template: (org, id) => `/api/organizations/${org}/instances/${id}`, body: false },
];

describe('hostile input: every endpoint x fuzzed path, query and body', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.template('{organizationId}', '{id}')}`, route] as const))(
    '%s never answers 5xx and every error is a problem document',
    async (_label, route) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            existing(() => organizationId),
            hostileSegment,
          ),
          fc.oneof(
            existing(() => instanceId),
            existing(() => owner.partnerId),
            hostileSegment,
          ),
          fc.option(hostileQuery, { nil: undefined }),
          hostileJsonText,
          fc.constantFrom(
            'application/ld+json',
            'application/json',
            'application/merge-patch+json',
            'application/json; charset=utf-8',
          ),
          fc.constantFrom('application/ld+json', '*/*', 'application/problem+json', 'application/json'),
          authHeader,
          async (org, id, query, body, contentType, accept, auth) => {
            const path = route.template(org, id) + (query === undefined ? '' : `?${query}`);
            const headers = { ...authorization(auth), accept };
            await probe(
              route.method,
              path,
              route.body ? { headers: { ...headers, 'content-type': contentType }, raw: body } : { headers },
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it('answers absurd page and itemsPerPage values with 200 or 400, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileNumberText, hostileNumberText, async (page, itemsPerPage) => {
        const query = `page=${encodeURIComponent(page)}&itemsPerPage=${encodeURIComponent(itemsPerPage)}`;
        for (const path of [`/api/organizations/${organizationId}/instances?${query}`, `/api/organizations?${query}`]) {
          const response = await probe('GET', path, { key: owner.apiKey });
          expect([200, 400]).toContain(response.status);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('creates instances from hostile but valid-typed names without a 5xx, and stores them exactly', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (name) => {
        const response = await probe('POST', `/api/organizations/${organizationId}/instances`, {
          key: owner.apiKey,
          json: { name, handle: randomHandle() },
        });
        expect([201, 400, 422]).toContain(response.status);
        if (response.status === 201) {
          const read = await probe('GET', response.headers.get('location') ?? '', { key: owner.apiKey });
          expect(read.body.name).toBe(response.body.name);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('treats %, _, \\ and quotes in filters literally (a property over names and fragments)', async () => {
    const alphabet = ['%', '_', '\\', "'", 'a', 'B'];
    const organization = await fixtures.organization(owner, 'Metacharacters');
    const names = ['a%b', 'a_b', 'a\\b', "a'b", 'aXb', 'ab', '100%', '_x_', 'B%_\\', "O'Brien", '%%', '__'];
    for (const name of names) await fixtures.instance(owner, organization, name);

    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 3 }),
        async (fragment) => {
          const response = await probe(
            'GET',
            `/api/organizations/${organization}/instances?itemsPerPage=100&name=${encodeURIComponent(fragment)}`,
            { key: owner.apiKey },
          );
          expect(response.status).toBe(200);
          const expected = names.filter((name) => name.toLowerCase().includes(fragment.toLowerCase())).sort();
          const got = (response.body.member as { name: string }[]).map((m) => m.name).sort();
          expect({ fragment, names: got, totalItems: response.body.totalItems }).toEqual({
            fragment,
            names: expected,
            totalItems: expected.length,
          });
        },
      ),
      { numRuns: Math.max(RUNS, 50) },
    );
  });

  it('still answers after all of it (the process stayed up)', async () => {
    const health = await send(server.baseUrl, 'GET', '/health');
    expect(health.status).toBe(200);
    const ready = await send(server.baseUrl, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
  });
});
