import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomHandle, randomLetters } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';
import { INSTANCE_MEMBER_KEYS, JSON_LD, PROBLEM, VIOLATION_CODE, expectProblem } from '../support/wire-format.js';

type Key = 'k1' | 'k2' | 'k3' | 'k4' | 'k5';

describe('GET /api/organizations/{organizationId}/instances', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: TestPartner;
  let member: TestPartner;
  let outsider: TestPartner;
  let organizationId: string;
  let otherOrganizationId: string;
  /**
   * Random letters in every handle of the main organization, so handle filters can target them; drawn
   * from letters that appear in none of the filter values below, so the token never matches them.
   */
  const token = Array.from(randomLetters(8), (c) => 'bfhjklnqwxyz'[c.charCodeAt(0) % 12]).join('');
  const ids = {} as Record<Key, string>;
  const bodies = {} as Record<Key, Record<string, any>>;

  // The main organization's five instances. Timestamps are set in the database so each order differs:
  //   name asc      k1 Alpha, k2 Beta, k4 Delta, k5 Epsilon, k3 Gamma
  //   handle asc    k1 a-, k2 b-, k3 c-, k4 d-, k5 e-
  //   createdAt asc k3, k1, k5, k2, k4
  //   updatedAt asc k1, k3, k2, k5, k4
  const seed: Record<Key, { name: string; handle: string; createdAt: string; updatedAt: string }> = {
    k1: {
      name: 'Alpha Production',
      handle: `a-${token}-prod`,
      createdAt: '2026-01-02T10:00:00.123456Z',
      updatedAt: '2026-01-10T10:00:00.987654Z',
    },
    k2: {
      name: 'Beta staging',
      handle: `b-${token}-stage`,
      createdAt: '2026-01-04T10:00:00Z',
      updatedAt: '2026-01-12T10:00:00Z',
    },
    k3: {
      name: 'Gamma PROD eu',
      handle: `c-${token}-prod-eu`,
      createdAt: '2026-01-01T10:00:00Z',
      updatedAt: '2026-01-11T10:00:00Z',
    },
    k4: {
      name: 'Delta',
      handle: `d-${token}-dev`,
      createdAt: '2026-01-05T10:00:00Z',
      updatedAt: '2026-01-14T10:00:00Z',
    },
    k5: {
      name: 'Epsilon 100%_off\\',
      handle: `e-${token}-misc`,
      createdAt: '2026-01-03T10:00:00Z',
      updatedAt: '2026-01-13T10:00:00Z',
    },
  };
  const DEFAULT_ORDER: Key[] = ['k4', 'k2', 'k5', 'k1', 'k3'];

  async function createInstance(orgId: string, name: string, handle = randomHandle()) {
    const response = await t.api.post(`/api/organizations/${orgId}/instances`, owner.apiKey, { name, handle });
    if (response.status !== 201) throw new Error(`create: ${response.status} ${response.text}`);
    return response.body as Record<string, any>;
  }
  const setTimestamps = (id: string, createdAt: string, updatedAt: string) =>
    db.query('UPDATE instances SET created_at = $2, updated_at = $3 WHERE id = $1', [id, createdAt, updatedAt]);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    ({ owner, member, outsider, organizationId } = await world(t, { organization: 'Acme' }));
    otherOrganizationId = await t.api.createOrganization(owner, 'Acme Elsewhere');
    await t.api.createOrganization(outsider, 'Outsider Inc');

    for (const key of Object.keys(seed) as Key[]) {
      const { name, handle, createdAt, updatedAt } = seed[key];
      ids[key] = (await createInstance(organizationId, name, handle)).id;
      await setTimestamps(ids[key], createdAt, updatedAt);
    }
    for (const key of Object.keys(seed) as Key[]) {
      const response = await t.api.get(`/api/organizations/${organizationId}/instances/${ids[key]}`, owner.apiKey);
      bodies[key] = response.body;
    }
    // Look-alikes in another organization (same owner): they must never show up in the main one.
    await createInstance(otherOrganizationId, 'Alpha Production', `x-${token}-prod`);
    await createInstance(otherOrganizationId, 'Zeta 100%_off\\ prod', `y-${token}-prod-eu`);
  });
  afterAll(() => t.close());

  const basePath = (orgId = organizationId) => `/api/organizations/${orgId}/instances`;
  /** `key` null sends no credentials (undefined would fall back to the owner's key). */
  const list = (query = '', key: string | null = owner.apiKey, orgId = organizationId) =>
    t.api.get(`${basePath(orgId)}${query}`, key ?? undefined);
  const keysOf = (response: ApiResponse) =>
    (response.body.member as Array<{ id: string }>).map((m) => {
      const key = (Object.keys(ids) as Key[]).find((k) => ids[k] === m.id);
      return key ?? `unexpected:${m.id}`;
    });

  describe('the collection document', () => {
    it('answers 200 with @context, @id, @type, totalItems, member and search in that order, without view', async () => {
      const response = await list();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(JSON_LD);
      expect(Object.keys(response.body)).toEqual(['@context', '@id', '@type', 'totalItems', 'member', 'search']);
      expect(response.body['@context']).toBe('/api/contexts/OrganizationInstancesResource');
      expect(response.body['@id']).toBe(basePath());
      expect(response.body['@type']).toBe('Collection');
      expect(response.body.totalItems).toBe(5);
      expect(response.body).not.toHaveProperty('view');
    });

    it('lists members without @context, in the instance key order, equal to the single-instance bodies', async () => {
      const response = await list();
      for (const item of response.body.member) {
        expect(Object.keys(item)).toEqual(INSTANCE_MEMBER_KEYS);
      }
      const expected = DEFAULT_ORDER.map((key) => {
        const { '@context': context, ...rest } = bodies[key];
        expect(context).toBe('/api/contexts/OrganizationInstancesResource');
        return rest;
      });
      expect(response.body.member).toEqual(expected);
    });

    it('formats timestamps in UTC without fractions of a second', async () => {
      const response = await list('?handle=a-' + token);
      expect(response.body.member).toHaveLength(1);
      expect(response.body.member[0].created_at).toBe('2026-01-02T10:00:00+00:00');
      expect(response.body.member[0].updated_at).toBe('2026-01-10T10:00:00+00:00');
    });

    it('describes its filters with an IRI template and one mapping per variable', async () => {
      const response = await list();
      const mapping = (variable: string, property: string) => ({
        '@type': 'IriTemplateMapping',
        variable,
        property,
        required: false,
      });
      expect(Object.keys(response.body.search)).toEqual(['@type', 'template', 'variableRepresentation', 'mapping']);
      expect(response.body.search).toEqual({
        '@type': 'IriTemplate',
        template: `${basePath()}{?name,handle,order[name],order[handle],order[createdAt],order[updatedAt]}`,
        variableRepresentation: 'BasicRepresentation',
        mapping: [
          mapping('name', 'name'),
          mapping('handle', 'handle'),
          mapping('order[name]', 'name'),
          mapping('order[handle]', 'handle'),
          mapping('order[createdAt]', 'createdAt'),
          mapping('order[updatedAt]', 'updatedAt'),
        ],
      });
      for (const entry of response.body.search.mapping) {
        expect(Object.keys(entry)).toEqual(['@type', 'variable', 'property', 'required']);
      }
    });

    it('sends the security and Vary headers', async () => {
      const response = await list();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')?.toLowerCase()).toBe('deny');
      expect(response.headers.get('vary')?.toLowerCase()).toContain('accept');
    });

    it('answers 406 when Accept allows none of the served types', async () => {
      const response = await t.api.get(basePath(), owner.apiKey, { accept: 'text/html' });
      expect(response.status).toBe(406);
    });

    it('answers an empty organization with totalItems 0 and an empty member list', async () => {
      const emptyOrganization = await t.api.createOrganization(owner, 'Empty');
      const response = await list('', owner.apiKey, emptyOrganization);
      expect(response.status).toBe(200);
      expect(response.body.totalItems).toBe(0);
      expect(response.body.member).toEqual([]);
      expect(response.body).not.toHaveProperty('view');
    });
  });

  describe('who may list', () => {
    it('answers 200 to a plain member', async () => {
      const response = await list('', member.apiKey);
      expect(response.status).toBe(200);
      expect(keysOf(response)).toEqual(DEFAULT_ORDER);
    });

    it('answers 403 to a partner outside the organization', async () => {
      const response = await list('', outsider.apiKey);
      expectProblem(response, 403, 'Forbidden');
      expect(response.text).not.toContain(token);
    });

    it('answers 401 with WWW-Authenticate: Bearer without credentials', async () => {
      const response = await list('', null);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(response.text).not.toContain(token);
    });

    it('answers 404 for an unknown organization', async () => {
      const response = await list('', owner.apiKey, randomUUID());
      expectProblem(response, 404, 'Not Found');
    });

    it('answers 404 for an organization id that is not a UUID', async () => {
      const response = await list('', owner.apiKey, 'acme');
      expect(response.status).toBe(404);
    });

    it("never shows another organization's instances", async () => {
      const response = await list(`?handle=${token}`);
      expect(response.body.totalItems).toBe(5);
      expect(keysOf(response)).toEqual(DEFAULT_ORDER);
      for (const item of response.body.member) expect(item.organization_id).toBe(organizationId);
      const other = await list(`?handle=${token}`, owner.apiKey, otherOrganizationId);
      expect(other.body.totalItems).toBe(2);
      for (const item of other.body.member) expect(item.organization_id).toBe(otherOrganizationId);
    });
  });

  describe('filters', () => {
    it.each<[string, Key[]]>([
      ['?name=prod', ['k1', 'k3']],
      ['?name=PROD', ['k1', 'k3']],
      ['?name=alpha', ['k1']],
      ['?name=Gamma%20PROD', ['k3']],
      ['?name=ta%20st', ['k2']],
      ['?handle=prod', ['k1', 'k3']],
      ['?handle=PROD', ['k1', 'k3']],
      ['?handle=prod-eu', ['k3']],
      [`?handle=${token}`, DEFAULT_ORDER],
      ['?name=prod&handle=eu', ['k3']],
      ['?name=alpha&handle=eu', []],
      ['?name=nothing-like-this', []],
      ['?name=', DEFAULT_ORDER],
      ['?handle=', DEFAULT_ORDER],
      ['?name=&handle=prod', ['k1', 'k3']],
      ['?name[]=alpha&name[]=delta', ['k4', 'k1']],
      ['?name%5B%5D=alpha&name%5B%5D=delta', ['k4', 'k1']],
      ['?handle[]=stage&handle[]=dev', ['k4', 'k2']],
      ['?name[]=alpha&name[]=gamma&handle=eu', ['k3']],
    ])('%s matches the expected instances', async (query, expected) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      expect(keysOf(response)).toEqual(expected);
      expect(response.body.totalItems).toBe(expected.length);
    });

    it.each<[string, Key[]]>([
      ['?name=%25', ['k5']],
      ['?name=_', ['k5']],
      ['?name=%5C', ['k5']],
      ['?name=0%25_o', ['k5']],
      ['?name=%25off', []],
      ['?name=a_p', []],
      ['?name=a%25n', []],
      ['?handle=%25', []],
      ['?handle=_', []],
      ['?handle=a_', []],
    ])('%s treats %%, _ and \\ literally', async (query, expected) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      expect(keysOf(response)).toEqual(expected);
      expect(response.body.totalItems).toBe(expected.length);
    });

    it('never answers 5xx to a filter with a NUL character', async () => {
      const response = await list('?name=%00');
      expect(response.status).toBeLessThan(500);
      expect(response.text).not.toMatch(/0x00|invalid byte sequence|UTF8/i);
    });
  });

  describe('order', () => {
    it.each<[string, Key[]]>([
      ['order[name]=asc', ['k1', 'k2', 'k4', 'k5', 'k3']],
      ['order[name]=desc', ['k3', 'k5', 'k4', 'k2', 'k1']],
      ['order[handle]=asc', ['k1', 'k2', 'k3', 'k4', 'k5']],
      ['order[handle]=desc', ['k5', 'k4', 'k3', 'k2', 'k1']],
      ['order[createdAt]=asc', ['k3', 'k1', 'k5', 'k2', 'k4']],
      ['order[createdAt]=desc', ['k4', 'k2', 'k5', 'k1', 'k3']],
      ['order[updatedAt]=asc', ['k1', 'k3', 'k2', 'k5', 'k4']],
      ['order[updatedAt]=desc', ['k4', 'k5', 'k2', 'k3', 'k1']],
    ])('?%s sorts accordingly', async (query, expected) => {
      const response = await list(`?${query}`);
      expect(response.status).toBe(200);
      expect(keysOf(response)).toEqual(expected);
    });

    it.each<[string, Key[]]>([
      ['order[name]=DESC', ['k3', 'k5', 'k4', 'k2', 'k1']],
      ['order[name]=Asc', ['k1', 'k2', 'k4', 'k5', 'k3']],
      ['order%5Bhandle%5D=desc', ['k5', 'k4', 'k3', 'k2', 'k1']],
    ])('?%s: directions are case-insensitive and brackets may be percent-encoded', async (query, expected) => {
      const response = await list(`?${query}`);
      expect(response.status).toBe(200);
      expect(keysOf(response)).toEqual(expected);
    });

    it('defaults to createdAt desc', async () => {
      const response = await list();
      expect(keysOf(response)).toEqual(DEFAULT_ORDER);
    });

    it('ignores unknown order fields', async () => {
      for (const query of ['?order[color]=asc', '?order[color]=sideways', '?order[created_at]=asc']) {
        const response = await list(query);
        expect(response.status).toBe(200);
        expect(keysOf(response)).toEqual(DEFAULT_ORDER);
      }
    });

    it('combines an order with filters', async () => {
      const response = await list('?name=prod&order[handle]=desc');
      expect(keysOf(response)).toEqual(['k3', 'k1']);
    });

    it.each([
      ['order[name]', 'sideways'],
      ['order[createdAt]', 'up'],
      ['order[handle]', 'ascending'],
      ['order[updatedAt]', '1'],
    ])('answers 422 on %s=%s, an invalid direction', async (parameter, direction) => {
      const response = await list(`?${parameter}=${direction}`);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body).toMatchObject({
        '@context': '/api/contexts/ConstraintViolation',
        '@id': `/api/validation_errors/${VIOLATION_CODE.invalidChoice}`,
        '@type': 'ConstraintViolation',
        title: 'Unprocessable Entity',
        status: 422,
        type: `/validation_errors/${VIOLATION_CODE.invalidChoice}`,
      });
      expect(response.body.violations).toHaveLength(1);
      expect(response.body.violations[0]).toMatchObject({
        propertyPath: parameter,
        code: VIOLATION_CODE.invalidChoice,
      });
      expect(response.body.violations[0].message).toMatch(/\S/);
      expect(response.body.detail).toBe(`${parameter}: ${response.body.violations[0].message}`);
      expect(response.body.description).toBe(response.body.detail);
    });

    describe('several keys', () => {
      let tieOrganization: string;
      const tie = {} as Record<'sameOld' | 'sameNew' | 'other', string>;

      beforeAll(async () => {
        tieOrganization = await t.api.createOrganization(owner, 'Ties');
        tie.sameOld = (await createInstance(tieOrganization, 'Same')).id;
        tie.sameNew = (await createInstance(tieOrganization, 'Same')).id;
        tie.other = (await createInstance(tieOrganization, 'Other')).id;
        await setTimestamps(tie.sameOld, '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z');
        await setTimestamps(tie.sameNew, '2026-02-03T00:00:00Z', '2026-02-03T00:00:00Z');
        await setTimestamps(tie.other, '2026-02-02T00:00:00Z', '2026-02-02T00:00:00Z');
      });

      const order = async (query: string) => {
        const response = await list(query, owner.apiKey, tieOrganization);
        expect(response.status).toBe(200);
        return (response.body.member as Array<{ id: string }>).map((m) => m.id);
      };

      it('applies them in query-string order', async () => {
        expect(await order('?order[name]=asc&order[createdAt]=desc')).toEqual([tie.other, tie.sameNew, tie.sameOld]);
        expect(await order('?order[name]=asc&order[createdAt]=asc')).toEqual([tie.other, tie.sameOld, tie.sameNew]);
        expect(await order('?order[name]=desc&order[updatedAt]=asc')).toEqual([tie.sameOld, tie.sameNew, tie.other]);
        expect(await order('?order[createdAt]=desc&order[name]=asc')).toEqual([tie.sameNew, tie.other, tie.sameOld]);
        expect(await order('?order[createdAt]=asc&order[name]=desc')).toEqual([tie.sameOld, tie.other, tie.sameNew]);
      });
    });
  });

  describe('pagination', () => {
    const link = (query: string) => `${basePath()}${query}`;

    it('omits view when a single page has no other parameters, even on a page past the end', async () => {
      expect(await list('?page=1')).not.toHaveProperty('body.view');
      const pastEnd = await list('?page=2');
      expect(pastEnd.status).toBe(200);
      expect(pastEnd.body.member).toEqual([]);
      expect(pastEnd.body.totalItems).toBe(5);
      expect(pastEnd.body).not.toHaveProperty('view');
    });

    it('gives a single filtered page a view with only @id (the query without page) and @type', async () => {
      const response = await list('?name=Gamma%20PROD');
      expect(response.body.view).toEqual({
        '@id': link('?name=Gamma%20PROD'),
        '@type': 'PartialCollectionView',
      });
      expect(Object.keys(response.body)).toEqual([
        '@context',
        '@id',
        '@type',
        'totalItems',
        'member',
        'view',
        'search',
      ]);
      // API Platform drops an explicit page from a single page's @id.
      const explicitPage = await list('?page=1&name=prod');
      expect(explicitPage.body.view).toEqual({ '@id': link('?name=prod'), '@type': 'PartialCollectionView' });
    });

    it('links the first page to first, last and next, with page added to @id', async () => {
      const response = await list('?itemsPerPage=2');
      expect(response.status).toBe(200);
      expect(keysOf(response)).toEqual(['k4', 'k2']);
      expect(response.body.totalItems).toBe(5);
      expect(Object.keys(response.body.view)).toEqual(['@id', '@type', 'first', 'last', 'next']);
      expect(response.body.view).toEqual({
        '@id': link('?itemsPerPage=2&page=1'),
        '@type': 'PartialCollectionView',
        first: link('?itemsPerPage=2&page=1'),
        last: link('?itemsPerPage=2&page=3'),
        next: link('?itemsPerPage=2&page=2'),
      });
    });

    it('links a middle page to previous and next', async () => {
      const response = await list('?page=2&itemsPerPage=2');
      expect(keysOf(response)).toEqual(['k5', 'k1']);
      expect(Object.keys(response.body.view)).toEqual(['@id', '@type', 'first', 'last', 'previous', 'next']);
      expect(response.body.view).toEqual({
        '@id': link('?itemsPerPage=2&page=2'),
        '@type': 'PartialCollectionView',
        first: link('?itemsPerPage=2&page=1'),
        last: link('?itemsPerPage=2&page=3'),
        previous: link('?itemsPerPage=2&page=1'),
        next: link('?itemsPerPage=2&page=3'),
      });
    });

    it('links the last page to previous but not next', async () => {
      const response = await list('?itemsPerPage=2&page=3');
      expect(keysOf(response)).toEqual(['k3']);
      expect(response.body.view).toEqual({
        '@id': link('?itemsPerPage=2&page=3'),
        '@type': 'PartialCollectionView',
        first: link('?itemsPerPage=2&page=1'),
        last: link('?itemsPerPage=2&page=3'),
        previous: link('?itemsPerPage=2&page=2'),
      });
    });

    it('answers a page past the end with 200, an empty member list and links back', async () => {
      const response = await list('?itemsPerPage=2&page=7');
      expect(response.status).toBe(200);
      expect(response.body.member).toEqual([]);
      expect(response.body.totalItems).toBe(5);
      expect(response.body.view).toEqual({
        '@id': link('?itemsPerPage=2&page=7'),
        '@type': 'PartialCollectionView',
        first: link('?itemsPerPage=2&page=1'),
        last: link('?itemsPerPage=2&page=3'),
        previous: link('?itemsPerPage=2&page=6'),
      });
    });

    it('keeps the other parameters in links, sorted, brackets percent-encoded, page last', async () => {
      // name=a matches Alpha, Beta, Gamma, Delta; by name: k1, k2, k4, k3.
      const response = await list('?order[name]=asc&page=2&name=a&itemsPerPage=1');
      expect(response.status).toBe(200);
      expect(keysOf(response)).toEqual(['k2']);
      expect(response.body.totalItems).toBe(4);
      const query = '?itemsPerPage=1&name=a&order%5Bname%5D=asc&page=';
      expect(response.body.view).toEqual({
        '@id': link(`${query}2`),
        '@type': 'PartialCollectionView',
        first: link(`${query}1`),
        last: link(`${query}4`),
        previous: link(`${query}1`),
        next: link(`${query}3`),
      });
    });

    it('encodes spaces in link parameters as %20', async () => {
      const response = await list('?name=a%20&itemsPerPage=1');
      // "a " occurs in "Alpha Production", "Beta staging" and "Gamma PROD eu"; newest first: k2, k1, k3.
      expect(keysOf(response)).toEqual(['k2']);
      expect(response.body.totalItems).toBe(3);
      expect(response.body.view['@id']).toBe(link('?itemsPerPage=1&name=a%20&page=1'));
      expect(response.body.view.next).toBe(link('?itemsPerPage=1&name=a%20&page=2'));
    });

    it('serves the pages its links point to, which walk the whole collection', async () => {
      const seen: string[] = [];
      let next: string | undefined = link('?order[handle]=asc&itemsPerPage=2');
      let pages = 0;
      while (next && pages < 10) {
        const response: ApiResponse = await t.api.get(next, owner.apiKey);
        expect(response.status).toBe(200);
        seen.push(...keysOf(response));
        next = response.body.view.next;
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    });

    it('answers itemsPerPage=0 with an empty member list and the real totalItems', async () => {
      const response = await list('?itemsPerPage=0');
      expect(response.status).toBe(200);
      expect(response.body.member).toEqual([]);
      expect(response.body.totalItems).toBe(5);
    });

    it('answers 400 to itemsPerPage=0 with a page past 1, as API Platform does', async () => {
      const response = await list('?itemsPerPage=0&page=2');
      expectProblem(response, 400, 'Bad Request', 'Page should not be greater than 1 if limit is equal to 0');
    });

    it.each(['0', '-1', 'abc', '1.5', ''])('answers 400 "Page should not be less than 1" to page=%s', async (page) => {
      const response = await list(`?page=${page}`);
      expectProblem(response, 400, 'Bad Request', 'Page should not be less than 1');
    });

    it.each(['-1', '-20'])('answers 400 "Limit should not be less than 0" to itemsPerPage=%s', async (value) => {
      const response = await list(`?itemsPerPage=${value}`);
      expectProblem(response, 400, 'Bad Request', 'Limit should not be less than 0');
    });

    it('never answers 5xx to a non-numeric itemsPerPage or a huge page', async () => {
      for (const query of ['?itemsPerPage=abc', '?page=99999999999999999999', '?page=9007199254740993']) {
        const response = await list(query);
        expect(response.status).toBeLessThan(500);
      }
    });

    describe('with more than one hundred instances', () => {
      let bigOrganization: string;
      const bigIds: string[] = [];

      beforeAll(async () => {
        bigOrganization = await t.api.createOrganization(owner, 'Big');
        for (let batch = 0; batch < 101; batch += 10) {
          const size = Math.min(10, 101 - batch);
          const created = await Promise.all(
            Array.from({ length: size }, (_, i) => createInstance(bigOrganization, `Big ${batch + i}`)),
          );
          bigIds.push(...created.map((c) => c.id));
        }
      }, 120_000);

      const bigLink = (query: string) => `${basePath(bigOrganization)}${query}`;

      it('serves 30 items per page by default and links all four pages', async () => {
        const response = await list('', owner.apiKey, bigOrganization);
        expect(response.body.totalItems).toBe(101);
        expect(response.body.member).toHaveLength(30);
        expect(response.body.view).toEqual({
          '@id': bigLink('?page=1'),
          '@type': 'PartialCollectionView',
          first: bigLink('?page=1'),
          last: bigLink('?page=4'),
          next: bigLink('?page=2'),
        });
        const last = await list('?page=4', owner.apiKey, bigOrganization);
        expect(last.body.member).toHaveLength(11);
        expect(last.body.view.previous).toBe(bigLink('?page=3'));
        expect(last.body.view).not.toHaveProperty('next');
      });

      it('serves up to 100 items per page', async () => {
        const response = await list('?itemsPerPage=100', owner.apiKey, bigOrganization);
        expect(response.body.member).toHaveLength(100);
        expect(response.body.view.last).toBe(bigLink('?itemsPerPage=100&page=2'));
      });

      it('clamps larger itemsPerPage values to 100', async () => {
        const response = await list('?itemsPerPage=1000', owner.apiKey, bigOrganization);
        expect(response.status).toBe(200);
        expect(response.body.totalItems).toBe(101);
        expect(response.body.member).toHaveLength(100);
        expect(response.body.view.last).toMatch(/\?itemsPerPage=(1000|100)&page=2$/);
        const second = await t.api.get(response.body.view.next, owner.apiKey);
        expect(second.status).toBe(200);
        expect(second.body.member).toHaveLength(1);
        const all = [...response.body.member, ...second.body.member].map((m: { id: string }) => m.id);
        expect([...all].sort()).toEqual([...bigIds].sort());
      });
    });

    describe('with equal sort values', () => {
      let sameOrganization: string;
      const sameIds: string[] = [];

      beforeAll(async () => {
        sameOrganization = await t.api.createOrganization(owner, 'Same');
        for (let i = 0; i < 9; i++) sameIds.push((await createInstance(sameOrganization, 'Same name')).id);
        await db.query(
          "UPDATE instances SET created_at = '2026-03-01T00:00:00Z', updated_at = '2026-03-02T00:00:00Z' WHERE organization_id = $1",
          [sameOrganization],
        );
      });

      it.each([
        '',
        '&order[createdAt]=asc',
        '&order[createdAt]=desc',
        '&order[updatedAt]=desc',
        '&order[name]=asc',
        '&order[name]=desc&order[updatedAt]=asc',
      ])('never repeats nor skips an instance across pages (itemsPerPage=2%s)', async (extra) => {
        const walk = async () => {
          const seen: string[] = [];
          for (let page = 1; page <= 5; page++) {
            const response = await list(`?itemsPerPage=2&page=${page}${extra}`, owner.apiKey, sameOrganization);
            expect(response.status).toBe(200);
            expect(response.body.totalItems).toBe(9);
            seen.push(...response.body.member.map((m: { id: string }) => m.id));
          }
          return seen;
        };
        const first = await walk();
        expect(first).toHaveLength(9);
        expect(new Set(first).size).toBe(9);
        expect([...first].sort()).toEqual([...sameIds].sort());
        expect(await walk()).toEqual(first);
      });
    });
  });
});
