import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from './api-client.js';
import { OpenApiContract, type ObservedResponse } from './openapi-contract.js';

/** A document with one operation, small enough to read: the checker must hold responses to it. */
const DOCUMENT = {
  openapi: '3.0.0',
  info: { title: 'Contract checker fixture', version: '1' },
  paths: {
    '/api/things/{thingId}': {
      get: {
        operationId: 'getThing',
        responses: {
          '200': {
            description: 'A thing',
            content: { 'application/ld+json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '404': {
            description: 'Not found',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDocument' } } },
          },
        },
      },
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'Deleted' } } },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
      },
      ProblemDocument: {
        type: 'object',
        required: ['title', 'status'],
        properties: { title: { type: 'string' }, status: { type: 'integer' } },
      },
    },
  },
};

const THING = { id: '5b9d1e42-8c7a-4f0b-b3d2-6e1a9c4f7d21', name: 'Production EU' };

function response(overrides: Partial<ObservedResponse> & { body?: unknown; type?: string }): ObservedResponse {
  const { body = THING, type = 'application/ld+json; charset=utf-8', ...rest } = overrides;
  return {
    method: 'GET',
    path: `/api/things/${THING.id}`,
    status: 200,
    headers: new Headers({ 'content-type': type }),
    text: JSON.stringify(body),
    ...rest,
  };
}

describe('OpenApiContract (the check every e2e response goes through)', () => {
  const contract = new OpenApiContract(DOCUMENT);

  it('accepts a response the document describes', () => {
    expect(contract.check(response({}))).toEqual([]);
    expect(contract.check(response({ method: 'DELETE', status: 204, text: '', type: '' }))).toEqual([]);
  });

  it('rejects a status the operation does not declare', () => {
    expect(contract.check(response({ status: 201 }))).toEqual([
      'status 201 is not declared for getThing (declared: 200, 404)',
    ]);
  });

  it('rejects a content type the response does not declare', () => {
    expect(contract.check(response({ type: 'application/json' }))).toEqual([
      'content type application/json is not declared (declared: application/ld+json)',
    ]);
    expect(contract.check(response({ status: 404, body: { title: 'Not Found', status: 404 } }))).toEqual([
      'content type application/ld+json is not declared (declared: application/problem+json)',
    ]);
  });

  it('rejects a property the schema does not describe (object schemas are closed)', () => {
    expect(contract.check(response({ body: { ...THING, secret: 'x' } }))).toEqual([
      expect.stringMatching(/^body must NOT have additional properties: "secret" \(schema /),
    ]);
  });

  it('rejects a body that breaks the schema: missing property, wrong type, wrong format', () => {
    const mismatches = contract.check(response({ body: { id: 'not-a-uuid', name: 7 } }));
    expect(mismatches).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^body\/id must match format "uuid"/),
        expect.stringMatching(/^body\/name must be string/),
      ]),
    );
    expect(contract.check(response({ body: { id: THING.id } }))).toEqual([
      expect.stringMatching(/^body must have required property 'name' \(schema /),
    ]);
  });

  it('rejects a body where the document declares none, and an empty body where it declares one', () => {
    expect(contract.check(response({ method: 'DELETE', status: 204 }))).toEqual([
      'a body was sent, but the 204 response declares none',
    ]);
    expect(contract.check(response({ text: '' }))).toEqual([
      'empty body, but the 200 response declares application/ld+json',
    ]);
  });

  it('rejects an answer other than a 404/405 problem from a route the document does not know', () => {
    expect(contract.check(response({ path: '/api/unknown' }))).toEqual([
      'no documented operation for GET /api/unknown, yet it answered 200',
    ]);
    const notFound = response({
      path: '/api/unknown',
      status: 404,
      type: 'application/problem+json',
      body: { title: 'Not Found', status: 404 },
    });
    expect(contract.check(notFound)).toEqual([]);
  });
});

describe('ApiClient: a response that drifts from the served document fails the test that received it', () => {
  let server: Server;
  let api: ApiClient;

  beforeAll(async () => {
    // Serves the fixture document at /docs-json and, for the thing, a body with an undocumented property.
    server = createServer((request, reply) => {
      const json = (type: string, body: unknown) => reply.setHeader('content-type', type).end(JSON.stringify(body));
      if (request.url === '/docs-json') return json('application/json', DOCUMENT);
      json('application/ld+json', { ...THING, internal_note: 'leaked' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('rejects with every mismatch named', async () => {
    await expect(api.get(`/api/things/${THING.id}`)).rejects.toThrow(
      /GET \/api\/things\/\S+ -> 200 does not match the OpenAPI document:\n {2}- body must NOT have additional properties: "internal_note"/,
    );
  });
});
