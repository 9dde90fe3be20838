import SwaggerParser from '@apidevtools/swagger-parser';
import { parseHydraDocumentation } from '@api-platform/api-doc-parser';
import { jest } from '@jest/globals';
import jsonld from 'jsonld';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';

const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const DISCOVERY_TAG = 'JSON-LD';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Json = Record<string, any>;

/**
 * Issue 12, part 2: Hydra discovery as API Platform serves it, proven with real clients from npm
 * (@api-platform/api-doc-parser, jsonld in safe mode) and a drift check between the OpenAPI
 * document, the served contexts and the Hydra documentation.
 */
describe('Hydra discovery', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  let instance: Json;
  let openApi: Json;
  let docs: Json;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Owner');
    organizationId = await t.api.createOrganization(owner, 'Discovery');
    instance = (
      await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
        name: 'Production EU',
        handle: randomHandle(),
      })
    ).body;
    openApi = (await t.api.get('/docs-json')).body;
    docs = (await t.api.get('/api/docs.jsonld')).body;
  });
  afterAll(() => t.close());

  /** Loads only the service's own documents, over HTTP, as any JSON-LD client would. */
  const documentLoader = async (url: string) => {
    if (!url.startsWith(`${t.baseUrl}/api/`)) throw new Error(`Refusing to load foreign document ${url}`);
    const response = await fetch(url, { headers: { accept: 'application/ld+json' } });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return { contextUrl: undefined, documentUrl: url, document: await response.json() };
  };
  /** Safe mode: jsonld throws on anything it would drop (an unmapped term, a bad IRI or value). */
  const expandSafely = (document: unknown, path: string) =>
    jsonld.expand(
      document as any,
      {
        base: `${t.baseUrl}${path}`,
        documentLoader,
        safe: true,
      } as any,
    ) as unknown as Promise<Json[]>;

  describe('the documents', () => {
    it('links every API answer to /api/docs.jsonld, which is the Hydra ApiDocumentation', async () => {
      const entrypoint = await fetch(`${t.baseUrl}/api`);
      const link = entrypoint.headers.get('link') as string;
      const url = /<([^>]+)>; rel="http:\/\/www\.w3\.org\/ns\/hydra\/core#apiDocumentation"/.exec(link)?.[1];
      expect(url).toBe(`${t.baseUrl}/api/docs.jsonld`);
      const response = await fetch(url as string);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
      const body = (await response.json()) as Json;
      expect(body['@type']).toBe('hydra:ApiDocumentation');
      expect(body['hydra:entrypoint']).toEqual({ '@id': '/api' });
      // Relative, never the Host the client sent (issue 10); a JSON-LD processor resolves it here.
      expect(body['@context']['@vocab']).toBe('/api/docs.jsonld#');
    });

    it('serves the Entrypoint at /api, with its context at /api/contexts/Entrypoint, needing no key', async () => {
      const response = await t.api.get('/api');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        '@context': '/api/contexts/Entrypoint',
        '@id': '/api',
        '@type': 'Entrypoint',
        // The collections whose IRI needs no organization: the partner's own organizations and invitations.
        invitation: '/api/invitations',
        organization: '/api/organizations',
      });
      const context = await t.api.get('/api/contexts/Entrypoint');
      expect(context.status).toBe(200);
      expect(context.body['@context'].organization).toEqual({ '@id': 'Entrypoint/organization', '@type': '@id' });
      const [expanded] = await expandSafely(response.body, '/api');
      expect(expanded['@type']).toEqual([`${t.baseUrl}/api/docs.jsonld#Entrypoint`]);
      expect(expanded[`${t.baseUrl}/api/docs.jsonld#Entrypoint/organization`]).toEqual([
        { '@id': `${t.baseUrl}/api/organizations` },
      ]);
    });

    it('defines property in every served context as in the Hydra context: an IRI, not a string', async () => {
      for (const type of ['OrganizationInstancesResource', 'Organization', 'Error', 'ConstraintViolation']) {
        const context = (await t.api.get(`/api/contexts/${type}`)).body['@context'];
        expect(context.property).toEqual({ '@id': 'hydra:property', '@type': '@vocab' });
      }
      const list = await t.api.get(`/api/organizations/${organizationId}/instances`, owner.apiKey);
      const [expanded] = await expandSafely(list.body, '/');
      const mappings = expanded[`${HYDRA}search`][0][`${HYDRA}mapping`];
      expect(mappings[0][`${HYDRA}property`]).toEqual([
        { '@id': `${t.baseUrl}/api/docs.jsonld#OrganizationInstancesResource/name` },
      ]);
      for (const mapping of mappings) expect(mapping[`${HYDRA}property`][0]).toHaveProperty('@id');
    });
  });

  describe('real clients', () => {
    it('@api-platform/api-doc-parser parses the API into resources with their fields and operations', async () => {
      const errors: unknown[] = [];
      const consoleError = jest.spyOn(console, 'error').mockImplementation((error: unknown) => void errors.push(error));
      try {
        const { api, status } = await parseHydraDocumentation(`${t.baseUrl}/api`);
        expect(status).toBe(200);
        expect(api.title).toBe('Instances API');
        const organizations = api.resources?.find((resource) => resource.name === 'organizations');
        expect(organizations?.url).toBe(`${t.baseUrl}/api/organizations`);
        expect(organizations?.fields?.map((field) => field.name)).toEqual(
          expect.arrayContaining(['id', 'name', 'created_at', 'updated_at', 'owners', 'members']),
        );
        // `role` through PUT members/{partnerId}, which answers the organization.
        expect(organizations?.writableFields?.map((field) => field.name)).toEqual(['name', 'role']);
        expect(organizations?.operations?.map((operation) => `${operation.method} ${operation.name}`).sort()).toEqual([
          'DELETE deleteOrganization',
          'DELETE removeOrganizationMember',
          'GET getOrganization',
          'GET listOrganizations',
          'PATCH renameOrganization',
          'POST createOrganization',
          'PUT putOrganizationMember',
        ]);
        const parameters = await organizations?.getParameters?.();
        expect(parameters).toEqual([]);
        // As with API Platform itself: a collection whose IRI has a variable is in the Entrypoint
        // class but not in the entrypoint, and the parser says so.
        // Every such collection of ours: instances, events, webhook endpoints and their deliveries,
        // integrations (under an organization) and API keys (under a partner).
        const variableCollections = [
          'apiKey',
          'organizationInstancesResource',
          'event',
          'webhookEndpoint',
          'webhookDelivery',
          'integration',
        ];
        expect(errors.map(String).sort()).toEqual(
          variableCollections
            .map((name) => `${t.baseUrl}/api/docs.jsonld#Entrypoint/${name}`)
            .sort()
            .map((iri) => expect.stringContaining(`"${iri}"`)),
        );
      } finally {
        consoleError.mockRestore();
      }
    });

    it('jsonld expands the documentation, the entrypoint and every kind of answer with nothing dropped', async () => {
      const partner = await t.api.post('/api/admin/partners', TEST_ADMIN_KEY, {
        name: 'Expanded',
        email: `${randomHandle()}@partners.test`,
      });
      const answers: [string, string, Json][] = [
        ['documentation', '/api/docs.jsonld', docs],
        ['entrypoint', '/api', (await t.api.get('/api')).body],
        ['instance', instance['@id'], (await t.api.get(instance['@id'], owner.apiKey)).body],
        [
          'instance collection',
          '/',
          (await t.api.get(`/api/organizations/${organizationId}/instances?itemsPerPage=1&name=prod`, owner.apiKey))
            .body,
        ],
        ['organization', '/', (await t.api.get(`/api/organizations/${organizationId}`, owner.apiKey)).body],
        ['organization collection', '/', (await t.api.get('/api/organizations', owner.apiKey)).body],
        ['stats', '/', (await t.api.get(`/api/organizations/${organizationId}/instance-stats`, owner.apiKey)).body],
        ['partner', '/', partner.body],
        ['api key', '/', (await t.api.post(`/api/admin/partners/${partner.body.id}/keys`, TEST_ADMIN_KEY)).body],
        ['error', '/', (await t.api.get(`/api/organizations/${organizationId}/instances/x`, owner.apiKey)).body],
        [
          'violation',
          '/',
          (await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, { name: '' })).body,
        ],
      ];
      for (const [kind, path, body] of answers) {
        expect({ kind, context: typeof body['@context'] }).toEqual({ kind, context: expect.any(String) });
        const expanded = await expandSafely(body, path).catch((error: Error) => {
          throw new Error(`${kind}: ${error.message}`);
        });
        expect({ kind, nodes: expanded.length }).toEqual({ kind, nodes: 1 });
      }
    });
  });

  describe('one description, three documents', () => {
    const operations = () =>
      Object.entries(openApi.paths).flatMap(([path, item]: [string, any]) =>
        METHODS.filter((method) => item[method] && !item[method].tags.includes(DISCOVERY_TAG)).map((method) => ({
          path,
          method,
          operation: item[method],
        })),
      );
    const hydraOperations = () =>
      docs['hydra:supportedClass'].flatMap((hydraClass: Json) => [
        ...[hydraClass['hydra:supportedOperation']].flat(),
        ...hydraClass['hydra:supportedProperty'].flatMap(
          (p: Json) => p['hydra:property']['hydra:supportedOperation'] ?? [],
        ),
      ]);

    it('describes every route of the OpenAPI document as a Hydra operation, and no other', () => {
      const fromOpenApi = operations().map(
        ({ method, operation }) => `${method.toUpperCase()} ${operation.operationId}`,
      );
      const fromHydra = hydraOperations()
        .filter((operation: Json) => operation['hydra:title'] !== 'index')
        .map((operation: Json) => `${operation['hydra:method']} ${operation['hydra:title']}`);
      expect(fromHydra.sort()).toEqual(fromOpenApi.sort());
    });

    it('documents every property of every served type in its schema, its context and its Hydra class', async () => {
      const classes = new Map<string, Json>(docs['hydra:supportedClass'].map((c: Json) => [c['hydra:title'], c]));
      const served = [
        ['OrganizationInstancesResource', 'InstanceResource'],
        ['Organization', 'OrganizationResponse'],
        ['Partner', 'PartnerCreatedResponse'],
        ['ApiKey', 'ApiKeyIssuedResponse'],
        ['InstanceStats', 'InstanceStatsResource'],
        ['Error', 'ProblemDocument'],
        ['ConstraintViolation', 'ConstraintViolationDocument'],
      ];
      for (const [type, schemaName] of served) {
        const schemaProperties = [...new Set(propertiesOf(openApi, openApi.components.schemas[schemaName]))].filter(
          (name) => !name.startsWith('@') && name !== 'instance' && name !== 'title' && name !== 'description',
        );
        const context = (await t.api.get(`/api/contexts/${type}`)).body['@context'];
        const contextProperties = Object.entries(context)
          .filter(([, iri]) => iri === `${type}/${String(iri).split('/').pop()}`)
          .map(([name]) => name);
        const hydraProperties = classes.get(type)?.['hydra:supportedProperty'].map((p: Json) => p['hydra:title']);
        expect({ type, properties: [...contextProperties].sort() }).toEqual({
          type,
          properties: schemaProperties.sort(),
        });
        expect({ type, properties: [...hydraProperties].sort() }).toEqual({
          type,
          properties: schemaProperties.sort(),
        });
      }
    });
  });

  describe('OpenAPI 3.1 at /api/docs.jsonopenapi', () => {
    it('is served as application/vnd.openapi+json, valid OpenAPI 3.1, with the same operations as /docs-json', async () => {
      const response = await fetch(`${t.baseUrl}/api/docs.jsonopenapi`, {
        headers: { accept: 'application/vnd.openapi+json' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/vnd.openapi+json; charset=utf-8');
      const document = (await response.json()) as Json;
      expect(document.openapi).toBe('3.1.0');
      expect(JSON.stringify(document)).not.toContain('"nullable"');
      const validated = (await SwaggerParser.validate(structuredClone(document) as any)) as unknown as Json;
      expect(Object.keys(validated.paths ?? {})).toEqual(Object.keys(openApi.paths));
      // /docs-json is 3.1 too: its `webhooks` section (the event payloads) exists only in 3.1.
      expect(openApi.openapi).toBe('3.1.0');
    });

    it('lists the list parameters in the order the docs list them, in both versions', async () => {
      const v31 = (await (await fetch(`${t.baseUrl}/api/docs.jsonopenapi`)).json()) as Json;
      for (const document of [openApi, v31]) {
        const parameters = document.paths['/api/organizations/{organizationId}/instances'].get.parameters;
        expect(parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name)).toEqual([
          'name',
          'handle',
          'order[name]',
          'order[handle]',
          'order[createdAt]',
          'order[updatedAt]',
          'page',
          'itemsPerPage',
        ]);
      }
    });

    it('answers 406 to an Accept the route does not serve', async () => {
      const response = await fetch(`${t.baseUrl}/api/docs.jsonopenapi`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(406);
    });
  });
});

/** The properties of a schema and of the objects it embeds (an organization's owners and members). */
function propertiesOf(document: Json, schema: Json, depth = 0): string[] {
  if (depth > 3) return [];
  const resolved = schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()] : schema;
  return Object.entries(resolved.properties ?? {}).flatMap(([name, child]: [string, any]) => {
    const embedded = child.items?.$ref ? child.items : child.$ref ? child : undefined;
    return [name, ...(embedded ? propertiesOf(document, embedded, depth + 1) : [])];
  });
}
