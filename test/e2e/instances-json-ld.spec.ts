import jsonld from 'jsonld';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { INSTANCE_MEMBER_KEYS } from '../support/wire-format.js';

const HYDRA = 'http://www.w3.org/ns/hydra/core#';

type Expanded = Record<string, any>;

describe('JSON-LD: the emitted documents expand with a standard processor', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  let instance: Record<string, any>;
  const loaded: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Owner');
    organizationId = await t.api.createOrganization(owner, 'Linked Data');
    for (const name of ['Production EU', 'Staging EU', 'Development']) {
      const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
        name,
        handle: randomHandle(),
      });
      expect(response.status).toBe(201);
      if (!instance) instance = response.body;
    }
  });
  afterAll(() => t.close());

  /** Loads only the service's own contexts, over HTTP, as any JSON-LD client would. */
  const documentLoader = async (url: string) => {
    if (!url.startsWith(`${t.baseUrl}/api/contexts/`)) throw new Error(`Refusing to load foreign document ${url}`);
    loaded.push(url);
    const response = await t.api.get(url.slice(t.baseUrl.length), undefined, { accept: 'application/ld+json' });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return { contextUrl: undefined, documentUrl: url, document: response.body };
  };
  const expand = (document: unknown) =>
    jsonld.expand(document as any, { base: `${t.baseUrl}/`, documentLoader } as any) as unknown as Promise<Expanded[]>;
  const absolute = (path: string) => `${t.baseUrl}${path}`;
  /** The single expanded value of `term` (an absolute IRI) on `node`. */
  const valueOf = (node: Expanded, term: string) => {
    expect(node[term]).toHaveLength(1);
    return node[term][0];
  };
  /** The expanded key whose @value equals `value` (the IRI a compact term landed on). */
  const keyHolding = (node: Expanded, value: unknown) =>
    Object.keys(node).filter((key) =>
      (node[key] as Array<Record<string, unknown>>)?.some?.((entry) => entry['@value'] === value),
    );

  it('serves each emitted @context as a JSON-LD context document', async () => {
    for (const type of ['OrganizationInstancesResource', 'Error', 'ConstraintViolation']) {
      const response = await t.api.get(`/api/contexts/${type}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
      expect(typeof response.body['@context']).toBe('object');
      expect(response.body['@context']).not.toBeNull();
    }
  });

  it('answers 404 for a context that does not exist', async () => {
    const response = await t.api.get('/api/contexts/NoSuchThing');
    expect(response.status).toBe(404);
  });

  it('expands an instance: absolute @id, absolute @type, every property kept on an absolute IRI', async () => {
    const response = await t.api.get(instance['@id'], owner.apiKey);
    expect(response.status).toBe(200);
    loaded.length = 0;
    const expanded = await expand(response.body);
    expect(loaded).toEqual([absolute('/api/contexts/OrganizationInstancesResource')]);
    expect(expanded).toHaveLength(1);
    const node = expanded[0];
    expect(node['@id']).toBe(absolute(instance['@id']));
    expect(node['@type']).toHaveLength(1);
    expect(node['@type'][0]).toMatch(/^https?:\/\/\S+OrganizationInstancesResource$/);

    const properties = INSTANCE_MEMBER_KEYS.filter((key) => !key.startsWith('@'));
    const landedOn = new Set<string>();
    for (const property of properties) {
      const keys = keyHolding(node, response.body[property]);
      // Properties sharing a value (created_at = updated_at on create) hold it under each of their IRIs.
      const sharing = properties.filter((other) => response.body[other] === response.body[property]).length;
      expect({ property, keys }).toEqual({
        property,
        keys: Array.from({ length: sharing }, () => expect.stringMatching(/^https?:\/\//)),
      });
      keys.forEach((key) => landedOn.add(key));
    }
    // Every property kept, and no two properties collapse onto the same IRI.
    expect(landedOn.size).toBe(7);
    expect(Object.keys(node)).toHaveLength(2 + 7);
  });

  it('expands a collection: totalItems, member, view and search land on Hydra IRIs', async () => {
    const response = await t.api.get(
      `/api/organizations/${organizationId}/instances?itemsPerPage=1&page=2&order[name]=asc`,
      owner.apiKey,
    );
    expect(response.status).toBe(200);
    expect(response.body.totalItems).toBe(3);
    expect(response.body.view).toBeDefined();

    const expanded = await expand(response.body);
    expect(expanded).toHaveLength(1);
    const collection = expanded[0];
    expect(collection['@id']).toBe(absolute(`/api/organizations/${organizationId}/instances`));
    expect(collection['@type']).toEqual([`${HYDRA}Collection`]);

    expect(valueOf(collection, `${HYDRA}totalItems`)['@value']).toBe(3);

    const members = collection[`${HYDRA}member`] as Expanded[];
    expect(members).toHaveLength(1);
    expect(members[0]['@id']).toBe(absolute(response.body.member[0]['@id']));
    expect(members[0]['@type'][0]).toMatch(/^https?:\/\/\S+OrganizationInstancesResource$/);
    expect(keyHolding(members[0], response.body.member[0].handle)).toHaveLength(1);

    const view = valueOf(collection, `${HYDRA}view`);
    expect(view['@id']).toBe(absolute(response.body.view['@id']));
    expect(view['@id']).toContain('page=2');
    expect(view['@type']).toEqual([`${HYDRA}PartialCollectionView`]);
    for (const link of ['first', 'last', 'previous', 'next']) {
      expect({ link, value: valueOf(view, `${HYDRA}${link}`) }).toEqual({
        link,
        value: { '@id': absolute(response.body.view[link]) },
      });
    }

    const search = valueOf(collection, `${HYDRA}search`);
    expect(search['@type']).toEqual([`${HYDRA}IriTemplate`]);
    expect(valueOf(search, `${HYDRA}template`)['@value']).toBe(response.body.search.template);
    expect(valueOf(search, `${HYDRA}variableRepresentation`)).toBeDefined();
    const mapping = search[`${HYDRA}mapping`] as Expanded[];
    expect(mapping).toHaveLength(6);
    for (const entry of mapping) {
      expect(entry['@type']).toEqual([`${HYDRA}IriTemplateMapping`]);
      expect(valueOf(entry, `${HYDRA}variable`)['@value']).toEqual(expect.any(String));
      expect(valueOf(entry, `${HYDRA}required`)['@value']).toBe(false);
    }
    expect(mapping.map((entry) => entry[`${HYDRA}variable`][0]['@value'])).toEqual([
      'name',
      'handle',
      'order[name]',
      'order[handle]',
      'order[createdAt]',
      'order[updatedAt]',
    ]);
  });

  it('expands an error document, keeping its title, detail and status', async () => {
    const response = await t.api.get(
      `/api/organizations/${organizationId}/instances/00000000-0000-4000-8000-000000000000`,
      owner.apiKey,
    );
    expect(response.status).toBe(404);
    const [node] = await expand(response.body);
    expect(node['@id']).toBe(absolute('/api/errors/404'));
    expect(node['@type'][0]).toMatch(/^https?:\/\//);
    expect(keyHolding(node, response.body.title)).toHaveLength(1);
    expect(keyHolding(node, response.body.detail).length).toBeGreaterThanOrEqual(1);
    expect(keyHolding(node, 404)).toHaveLength(1);
  });

  it('expands a validation error, keeping its violations', async () => {
    const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: '',
      handle: 'Bad_Handle',
    });
    expect(response.status).toBe(422);
    const [node] = await expand(response.body);
    expect(node['@id']).toBe(absolute(response.body['@id']));
    expect(node['@type'][0]).toMatch(/^https?:\/\//);
    // The violations survive expansion under one IRI (as a set or as an @list), one node per violation.
    const nodesUnder = (key: string): Expanded[] =>
      (node[key] as Expanded[]).flatMap((entry) => (Array.isArray(entry['@list']) ? entry['@list'] : [entry]));
    const violationKeys = Object.keys(node).filter(
      (key) => Array.isArray(node[key]) && nodesUnder(key).some((entry) => keyHolding(entry, 'handle').length > 0),
    );
    expect(violationKeys).toHaveLength(1);
    const violations = nodesUnder(violationKeys[0]);
    expect(violations).toHaveLength(2);
    expect(violations.map((v) => [keyHolding(v, 'name').length, keyHolding(v, 'handle').length])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});
