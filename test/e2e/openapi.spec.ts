import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Descriptions as the public API docs (shared/seeds) word them.
const HANDLE_OUT =
  'Stable, URL-safe identifier of the instance. Used as the tenant subdomain when addressing the per-instance product services (e.g. https://acme-eu.product-management.flowkiwi.net). Lowercase letters and hyphens only, no leading or trailing hyphen, unique across all instances.';
const INSTANCE_PROPERTIES: Record<string, string> = {
  id: 'Unique identifier of the instance.',
  name: 'Human-readable display name of the instance.',
  handle: HANDLE_OUT,
  created_at: 'Date and time the instance was created (ISO 8601, UTC).',
  updated_at: 'Date and time the instance was last updated (ISO 8601, UTC).',
  organization_id: 'Identifier of the organization that currently owns the instance.',
  created_by_organization_id:
    'Identifier of the organization that originally created the instance. Immutable, it does not change when the instance is transferred to another organization.',
};
const LIST_PARAMETERS: Record<string, string> = {
  name: 'Partial case-insensitive search on the instance name. Combined as AND with handle when both are provided.',
  handle: 'Partial case-insensitive search on the instance handle. Combined as AND with name when both are provided.',
  'order[name]': 'Sort by name. Values: asc, desc.',
  'order[handle]': 'Sort by handle. Values: asc, desc.',
  'order[createdAt]':
    'Sort by creation date. Values: asc, desc. Default order when no order parameter is provided: createdAt desc.',
  'order[updatedAt]': 'Sort by last update date. Values: asc, desc.',
  page: 'The collection page number',
  itemsPerPage: 'The number of items per page',
};
const COLLECTION = '/api/organizations/{organizationId}/instances';
const ITEM = '/api/organizations/{organizationId}/instances/{instanceId}';

describe('OpenAPI document at /docs-json', () => {
  let t: TestApp;
  let document: any;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.api.get('/docs-json')).body;
  });
  afterAll(() => t.close());

  const schemaOf = (ref: string) => document.components.schemas[ref.split('/').pop() as string];

  it('is a valid OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });

  it('declares the bearer and OAuth 2.0 schemes and uses them on instance operations, naming the scope', () => {
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.oauth2).toMatchObject({
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl: '/oauth/token' } },
    });
    expect(Object.keys(document.components.securitySchemes.oauth2.flows.clientCredentials.scopes)).toEqual(
      expect.arrayContaining(['instances:read', 'instances:write', 'organizations:read', 'events:read']),
    );
    for (const [operation, scope] of [
      [document.paths[COLLECTION].post, 'instances:write'],
      [document.paths[COLLECTION].get, 'instances:read'],
      [document.paths[ITEM].get, 'instances:read'],
    ]) {
      expect(operation.security).toEqual([{ apiKey: [] }, { oauth2: [scope] }]);
    }
  });

  it('describes the three operations as the docs do', () => {
    expect(document.paths[COLLECTION].post).toMatchObject({
      operationId: 'createInstance',
      summary: 'Create an instance.',
    });
    expect(document.paths[ITEM].get).toMatchObject({ operationId: 'getInstance', summary: 'Get an instance.' });
    expect(document.paths[COLLECTION].get).toMatchObject({
      operationId: 'listInstances',
      summary: 'List instances accessible within an organization.',
    });
  });

  it('documents every path and query parameter with its description', () => {
    const parameters = (operation: any) =>
      Object.fromEntries(operation.parameters.map((p: any) => [`${p.in}:${p.name}`, p.description]));
    const list = parameters(document.paths[COLLECTION].get);
    for (const [name, description] of Object.entries(LIST_PARAMETERS)) expect(list[`query:${name}`]).toBe(description);
    expect(list['path:organizationId']).toBe('OrganizationInstancesResource identifier');
    const get = parameters(document.paths[ITEM].get);
    expect(get['path:organizationId']).toBe('OrganizationInstancesResource identifier');
    expect(get['path:instanceId']).toBe('OrganizationInstancesResource identifier');
  });

  it('documents the request body with name and handle', () => {
    const content = document.paths[COLLECTION].post.requestBody.content;
    expect(Object.keys(content)).toEqual(expect.arrayContaining(['application/ld+json', 'application/json']));
    const body = schemaOf(content['application/ld+json'].schema.$ref);
    expect(body.properties.name.description).toBe('Human-readable display name of the instance.');
    expect(body.properties.handle.description).toContain(
      'max 30 characters, unique across all instances. It cannot be changed after creation.',
    );
    expect(body.required).toEqual(['name', 'handle']);
  });

  it('documents the instance resource with every property of the docs', () => {
    const created = document.paths[COLLECTION].post.responses['201'];
    expect(created.description).toBe('Instance successfully created');
    const resource = schemaOf(created.content['application/ld+json'].schema.$ref);
    expect(resource.required).toEqual(expect.arrayContaining(['@id', '@type']));
    for (const [property, description] of Object.entries(INSTANCE_PROPERTIES)) {
      expect(resource.properties[property].description).toBe(description);
    }
    const collection = document.paths[COLLECTION].get.responses['200'].content['application/ld+json'].schema;
    expect(Object.keys(collection.properties)).toEqual([
      '@context',
      '@id',
      '@type',
      'totalItems',
      'member',
      'view',
      'search',
    ]);
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]: [string, any]) =>
      Object.entries(item).map(([method, operation]: [string, any]) => ({ label: `${method} ${path}`, operation })),
    );

  it('names every operation with a camelCase id and files it under a described tag', () => {
    const described = new Set(document.tags.filter((tag: any) => tag.description).map((tag: any) => tag.name));
    for (const { label, operation } of operations()) {
      expect({ label, operationId: operation.operationId }).toEqual({
        label,
        operationId: expect.stringMatching(/^[a-z]+(?:[A-Z][a-z]+)+$/),
      });
      expect({ label, tags: operation.tags.filter((tag: string) => described.has(tag)) }).toEqual({
        label,
        tags: [expect.any(String)],
      });
    }
  });

  it('declares the media types really served: JSON-LD resources, problem documents, with an example each', () => {
    for (const { label, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses) as [string, any][]) {
        const expected =
          status === '204' || status === '304'
            ? []
            : Number(status) >= 400
              ? ['application/problem+json']
              : // The OpenAPI document itself, where API Platform serves it, in its own media type.
                label === 'get /api/docs.jsonopenapi'
                ? ['application/vnd.openapi+json']
                : ['application/ld+json'];
        expect({ label, status, types: Object.keys(response.content ?? {}) }).toEqual({
          label,
          status,
          types: expected,
        });
        for (const media of Object.values(response.content ?? {}) as any[]) {
          expect({ label, status, example: typeof media.example }).toEqual({ label, status, example: 'object' });
        }
      }
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}) as [string, any][]) {
        expect({ label, type, example: typeof media.example }).toEqual({ label, type, example: 'object' });
      }
    }
  });

  it('documents the error responses of each operation as problem documents', () => {
    const statuses = (operation: any) => Object.keys(operation.responses);
    expect(statuses(document.paths[COLLECTION].post)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '422']),
    );
    expect(statuses(document.paths[ITEM].get)).toEqual(expect.arrayContaining(['401', '403', '404']));
    expect(statuses(document.paths[COLLECTION].get)).toEqual(expect.arrayContaining(['401', '403']));
    const violation = document.paths[COLLECTION].post.responses['422'].content['application/problem+json'].schema;
    expect(schemaOf(violation.$ref).properties.violations).toBeDefined();
  });

  it('documents the lifecycle operations, each with every status it answers', () => {
    const authorization = `${ITEM}/authorized-organizations/{authorizedOrganizationId}`;
    const operations: [any, string, string[]][] = [
      [document.paths[ITEM].patch, 'updateInstance', ['200', '400', '401', '403', '404', '415', '422']],
      [document.paths[ITEM].delete, 'deleteInstance', ['204', '401', '403', '404']],
      [document.paths[authorization].put, 'authorizeOrganization', ['204', '401', '403', '404', '422']],
      [document.paths[authorization].delete, 'unauthorizeOrganization', ['204', '401', '403', '404']],
      [document.paths[`${ITEM}/transfer`].post, 'transferInstance', ['200', '400', '401', '403', '404', '415', '422']],
    ];
    for (const [operation, operationId, statuses] of operations) {
      expect(operation).toMatchObject({ operationId, security: [{ apiKey: [] }, { oauth2: ['instances:write'] }] });
      expect(operation.summary).toEqual(expect.any(String));
      expect(operation.description).toEqual(expect.any(String));
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(statuses));
    }
    expect(Object.keys(document.paths[ITEM].patch.requestBody.content)).toEqual(['application/merge-patch+json']);
    const resource = schemaOf(document.paths[ITEM].patch.responses['200'].content['application/ld+json'].schema.$ref);
    expect(resource.properties.authorized_organization_ids).toMatchObject({ type: 'array' });
  });
});
