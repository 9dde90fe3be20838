import { randomUUID } from 'node:crypto';
import type { TestPartner } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';
import { TIMESTAMP, UUID, VIOLATION_CODE } from '../support/wire-format.js';

const ORGANIZATION_KEYS = ['@context', '@id', '@type', 'id', 'name', 'created_at', 'updated_at', 'owners', 'members'];

type Role = 'owner' | 'member';

describe('Organizations and memberships', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const path = (organizationId: string) => `/api/organizations/${organizationId}`;
  const memberPath = (organizationId: string, partnerId: string) =>
    `/api/organizations/${organizationId}/members/${partnerId}`;
  const getOrganization = (organizationId: string, who: TestPartner) => t.api.get(path(organizationId), who.apiKey);
  const rename = (organizationId: string, who: TestPartner, body: unknown) =>
    t.api.request('PATCH', path(organizationId), { key: who.apiKey, body });
  const deleteOrganization = (organizationId: string, who: TestPartner) =>
    t.api.request('DELETE', path(organizationId), { key: who.apiKey });
  const putMember = (organizationId: string, who: TestPartner, partnerId: string, body: unknown) =>
    t.api.request('PUT', memberPath(organizationId, partnerId), { key: who.apiKey, body });
  const removeMember = (organizationId: string, who: TestPartner, partnerId: string) =>
    t.api.request('DELETE', memberPath(organizationId, partnerId), { key: who.apiKey });
  const rolesIn = (body: any): Record<string, Role> =>
    Object.fromEntries([...body.owners, ...body.members].map((m: any) => [m.id, m.role]));

  /** A fresh organization with one owner, one member, and a partner outside it. */
  const team = () => world(t, { organization: 'Team' });

  describe('POST /api/organizations', () => {
    it('creates the organization with the caller as its sole owner, and answers 201 with Location', async () => {
      const owner = await t.api.createPartner('Acme Integrations');
      const response = await t.api.post('/api/organizations', owner.apiKey, { name: 'Acme Europe' });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
      const body = response.body;
      expect(Object.keys(body)).toEqual(ORGANIZATION_KEYS);
      expect(body).toEqual({
        '@context': '/api/contexts/Organization',
        '@id': `/api/organizations/${body.id}`,
        '@type': 'Organization',
        id: expect.stringMatching(UUID),
        name: 'Acme Europe',
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: body.created_at,
        owners: [
          {
            id: owner.id,
            email: owner.email,
            name: 'Acme Integrations',
            role: 'owner',
            joined_at: expect.stringMatching(TIMESTAMP),
          },
        ],
        members: [],
      });
      expect(Object.keys(body.owners[0])).toEqual(['id', 'email', 'name', 'role', 'joined_at']);
      expect(response.headers.get('location')).toBe(body['@id']);
      expect(response.headers.get('content-location')).toBe(`${body['@id']}.jsonld`);

      const fetched = await t.api.get(body['@id'], owner.apiKey);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(body);
    });

    it('accepts application/json as well as application/ld+json', async () => {
      const owner = await t.api.createPartner();
      const response = await t.api.request('POST', '/api/organizations', {
        key: owner.apiKey,
        body: { name: 'Plain JSON' },
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe('Plain JSON');
    });

    it('keeps a name of exactly 255 characters, stored as given', async () => {
      const owner = await t.api.createPartner();
      const name = 'é'.repeat(255);
      const response = await t.api.post('/api/organizations', owner.apiKey, { name });
      expect(response.status).toBe(201);
      expect(response.body.name).toBe(name);
    });

    it.each([
      ['a blank name', { name: '' }, VIOLATION_CODE.notBlank],
      ['a whitespace-only name', { name: ' \t\n ' }, VIOLATION_CODE.notBlank],
      ['a null name', { name: null }, VIOLATION_CODE.notBlank],
      ['a missing name', {}, VIOLATION_CODE.notBlank],
      ['a name over 255 characters', { name: 'n'.repeat(256) }, VIOLATION_CODE.tooLong],
    ])('refuses %s with a 422 violation on name', async (_, body, code) => {
      const owner = await t.api.createPartner();
      const response = await t.api.post('/api/organizations', owner.apiKey, body);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        '@type': 'ConstraintViolation',
        status: 422,
        type: `/validation_errors/${code}`,
        violations: [{ propertyPath: 'name', message: expect.any(String), code }],
      });
      expect(response.body.violations).toHaveLength(1);
      expect((await t.api.get('/api/organizations', owner.apiKey)).body.totalItems).toBe(0);
    });

    it.each([
      ['a number', { name: 42 }, 'integer'],
      ['a float', { name: 4.2 }, 'float'],
      ['a boolean', { name: true }, 'boolean'],
      ['an array', { name: ['a'] }, 'array'],
      ['an object', { name: { first: 'a' } }, 'object'],
    ])('answers 400 naming the property when name is %s', async (_, body, given) => {
      const owner = await t.api.createPartner();
      const response = await t.api.post('/api/organizations', owner.apiKey, body);
      expect(response.status).toBe(400);
      expect(response.body.detail).toBe(`The type of the "name" attribute must be "string", "${given}" given.`);
    });

    it.each([
      ['malformed JSON', '{"name": "Acme"'],
      ['trailing garbage', '{"name": "Acme"} x'],
      ['an empty body', ''],
    ])('answers 400 "Syntax error" for %s', async (_, rawBody) => {
      const owner = await t.api.createPartner();
      const response = await t.api.request('POST', '/api/organizations', {
        key: owner.apiKey,
        rawBody,
        headers: { 'content-type': 'application/ld+json' },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ status: 400, detail: 'Syntax error', type: '/errors/400' });
    });

    it.each([
      ['an array', '[{"name": "Acme"}]'],
      ['a string', '"Acme"'],
      ['a number', '42'],
      ['null', 'null'],
    ])('answers 400 for a body that is %s, not an object', async (_, rawBody) => {
      const owner = await t.api.createPartner();
      const response = await t.api.request('POST', '/api/organizations', {
        key: owner.apiKey,
        rawBody,
        headers: { 'content-type': 'application/ld+json' },
      });
      expect(response.status).toBe(400);
      expect(response.body.status).toBe(400);
    });

    it('ignores unknown and read-only properties', async () => {
      const owner = await t.api.createPartner();
      const other = await t.api.createPartner();
      const id = randomUUID();
      const response = await t.api.post('/api/organizations', owner.apiKey, {
        name: 'Mine',
        id,
        created_at: '2000-01-01T00:00:00+00:00',
        owners: [{ id: other.id }],
        members: [{ id: other.id }],
      });
      expect(response.status).toBe(201);
      expect(response.body.id).not.toBe(id);
      expect(response.body.created_at).not.toBe('2000-01-01T00:00:00+00:00');
      expect(rolesIn(response.body)).toEqual({ [owner.id]: 'owner' });
    });

    it('answers 401 without a key', async () => {
      const response = await t.api.post('/api/organizations', undefined, { name: 'Nope' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });
  });

  describe('GET /api/organizations', () => {
    it('lists only the organizations the caller belongs to, as a Hydra collection', async () => {
      const { owner, member, outsider, organizationId } = await team();
      const own = await t.api.createOrganization(outsider, 'Outsider’s own');

      const response = await t.api.get('/api/organizations', member.apiKey);
      expect(response.status).toBe(200);
      expect(Object.keys(response.body)).toEqual(['@context', '@id', '@type', 'totalItems', 'member']);
      expect(response.body).toMatchObject({
        '@context': '/api/contexts/Organization',
        '@id': '/api/organizations',
        '@type': 'Collection',
        totalItems: 1,
      });
      expect(response.body.member).toHaveLength(1);
      const [item] = response.body.member;
      expect(Object.keys(item)).toEqual(ORGANIZATION_KEYS.slice(1));
      expect(item).toMatchObject({ '@id': path(organizationId), '@type': 'Organization', id: organizationId });
      expect(rolesIn(item)).toEqual({ [owner.id]: 'owner', [member.id]: 'member' });

      const theirs = await t.api.get('/api/organizations', outsider.apiKey);
      expect(theirs.body.member.map((o: any) => o.id)).toEqual([own]);
    });

    it('answers an empty collection to a partner without organizations', async () => {
      const loner = await t.api.createPartner();
      const response = await t.api.get('/api/organizations', loner.apiKey);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        '@context': '/api/contexts/Organization',
        '@id': '/api/organizations',
        '@type': 'Collection',
        totalItems: 0,
        member: [],
      });
    });

    describe('pagination', () => {
      let partner: TestPartner;
      let newestFirst: string[];

      beforeAll(async () => {
        partner = await t.api.createPartner();
        const created: string[] = [];
        for (let i = 1; i <= 5; i++) created.push(await t.api.createOrganization(partner, `Org ${i}`));
        newestFirst = created.reverse();
      });

      const list = (query: string) => t.api.get(`/api/organizations${query}`, partner.apiKey);
      const ids = (body: any) => body.member.map((o: any) => o.id);

      it('lists the newest first, without view when everything fits one page', async () => {
        const response = await list('');
        expect(response.body.totalItems).toBe(5);
        expect(ids(response.body)).toEqual(newestFirst);
        expect(response.body.view).toBeUndefined();
        expect((await list('?page=1')).body.view).toBeUndefined();
      });

      it('links first, last and next from the first page', async () => {
        const response = await list('?itemsPerPage=2');
        expect(response.status).toBe(200);
        expect(response.body.totalItems).toBe(5);
        expect(ids(response.body)).toEqual(newestFirst.slice(0, 2));
        expect(Object.keys(response.body)).toEqual(['@context', '@id', '@type', 'totalItems', 'member', 'view']);
        expect(response.body.view).toEqual({
          '@id': '/api/organizations?itemsPerPage=2&page=1',
          '@type': 'PartialCollectionView',
          first: '/api/organizations?itemsPerPage=2&page=1',
          last: '/api/organizations?itemsPerPage=2&page=3',
          next: '/api/organizations?itemsPerPage=2&page=2',
        });
      });

      it('links previous and next from a middle page', async () => {
        const response = await list('?page=2&itemsPerPage=2');
        expect(ids(response.body)).toEqual(newestFirst.slice(2, 4));
        expect(response.body.view).toEqual({
          '@id': '/api/organizations?itemsPerPage=2&page=2',
          '@type': 'PartialCollectionView',
          first: '/api/organizations?itemsPerPage=2&page=1',
          last: '/api/organizations?itemsPerPage=2&page=3',
          previous: '/api/organizations?itemsPerPage=2&page=1',
          next: '/api/organizations?itemsPerPage=2&page=3',
        });
      });

      it('has no next link on the last page', async () => {
        const response = await list('?itemsPerPage=2&page=3');
        expect(ids(response.body)).toEqual(newestFirst.slice(4));
        expect(response.body.view).toEqual({
          '@id': '/api/organizations?itemsPerPage=2&page=3',
          '@type': 'PartialCollectionView',
          first: '/api/organizations?itemsPerPage=2&page=1',
          last: '/api/organizations?itemsPerPage=2&page=3',
          previous: '/api/organizations?itemsPerPage=2&page=2',
        });
      });

      it('answers an empty page past the end', async () => {
        const response = await list('?itemsPerPage=2&page=9');
        expect(response.status).toBe(200);
        expect(response.body.totalItems).toBe(5);
        expect(response.body.member).toEqual([]);
        expect(response.body.view).toMatchObject({
          '@id': '/api/organizations?itemsPerPage=2&page=9',
          last: '/api/organizations?itemsPerPage=2&page=3',
          previous: '/api/organizations?itemsPerPage=2&page=8',
        });
        expect(response.body.view.next).toBeUndefined();
      });

      it('walks every organization exactly once across pages', async () => {
        const seen: string[] = [];
        for (let page = 1; page <= 3; page++) seen.push(...ids((await list(`?itemsPerPage=2&page=${page}`)).body));
        expect(seen).toEqual(newestFirst);
      });

      it('answers itemsPerPage=0 with no members but the real total', async () => {
        const response = await list('?itemsPerPage=0');
        expect(response.status).toBe(200);
        expect(response.body.totalItems).toBe(5);
        expect(response.body.member).toEqual([]);
      });

      it.each([
        ['page=0', 'Page should not be less than 1'],
        ['page=-1', 'Page should not be less than 1'],
        ['page=abc', 'Page should not be less than 1'],
        ['itemsPerPage=-1', 'Limit should not be less than 0'],
      ])('answers 400 for %s', async (query, detail) => {
        const response = await list(`?${query}`);
        expect(response.status).toBe(400);
        expect(response.body.detail).toBe(detail);
      });
    });
  });

  describe('GET /api/organizations/{organizationId}', () => {
    let world: Awaited<ReturnType<typeof team>>;

    beforeAll(async () => {
      world = await team();
    });

    it.each(['owner', 'member'] as const)('answers 200 to the %s', async (who) => {
      const response = await getOrganization(world.organizationId, world[who]);
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(world.organizationId);
      expect(response.body.owners.map((m: any) => m.id)).toEqual([world.owner.id]);
      expect(response.body.members.map((m: any) => m.id)).toEqual([world.member.id]);
      expect(response.body.members[0]).toEqual({
        id: world.member.id,
        email: world.member.email,
        name: 'Member',
        role: 'member',
        joined_at: expect.stringMatching(TIMESTAMP),
      });
    });

    it('answers 403 to a partner who is not a member', async () => {
      const response = await getOrganization(world.organizationId, world.outsider);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ status: 403, detail: 'You are not a member of this organization.' });
      expect(response.text).not.toContain('Team');
    });

    it('answers 404 for an organization that does not exist', async () => {
      const response = await getOrganization(randomUUID(), world.owner);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ status: 404, detail: 'Organization not found.' });
    });

    it.each(['not-a-uuid', '123', '00000000-0000-0000-0000-00000000000g', `${randomUUID()}0`, "1' OR '1'='1"])(
      'answers 404, never 500, for the id %j',
      async (id) => {
        const response = await t.api.get(`/api/organizations/${encodeURIComponent(id)}`, world.owner.apiKey);
        expect(response.status).toBe(404);
        expect(response.body.detail).toBe('Organization not found.');
      },
    );

    it('answers 401 without a key, before anything else', async () => {
      const response = await t.api.get(path(world.organizationId));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });
  });

  describe('PATCH /api/organizations/{organizationId}', () => {
    it('renames the organization for an owner', async () => {
      const { owner, organizationId } = await team();
      const before = (await getOrganization(organizationId, owner)).body;
      const response = await rename(organizationId, owner, { name: 'Renamed' });
      expect(response.status).toBe(200);
      expect(Object.keys(response.body)).toEqual(ORGANIZATION_KEYS);
      expect(response.body).toMatchObject({ id: organizationId, name: 'Renamed', created_at: before.created_at });
      expect(response.body.updated_at >= before.updated_at).toBe(true);
      expect(rolesIn(response.body)).toEqual(rolesIn(before));
      expect((await getOrganization(organizationId, owner)).body.name).toBe('Renamed');
    });

    it('leaves the name unchanged when the patch does not mention it', async () => {
      const { owner, organizationId } = await team();
      const response = await rename(organizationId, owner, { other: 'ignored' });
      expect(response.status).toBe(200);
      expect(response.body.name).toBe('Team');
    });

    it.each(['member', 'outsider'] as const)('answers 403 to a %s and keeps the name', async (who) => {
      const world = await team();
      const response = await rename(world.organizationId, world[who], { name: 'Hijacked' });
      expect(response.status).toBe(403);
      // Owner-only: members and outsiders alike hear who may do it.
      expect(response.body.detail).toBe('Only organization owners can rename the organization.');
      expect((await getOrganization(world.organizationId, world.owner)).body.name).toBe('Team');
    });

    it('answers 404 for an unknown or non-UUID organization', async () => {
      const owner = await t.api.createPartner();
      expect((await rename(randomUUID(), owner, { name: 'X' })).status).toBe(404);
      expect((await rename('nope', owner, { name: 'X' })).status).toBe(404);
    });

    it.each([
      ['a blank name', '', VIOLATION_CODE.notBlank],
      ['a whitespace-only name', '    ', VIOLATION_CODE.notBlank],
      ['a null name', null, VIOLATION_CODE.notBlank],
      ['a name over 255 characters', 'x'.repeat(256), VIOLATION_CODE.tooLong],
    ])('refuses %s with 422 and keeps the old name', async (_, name, code) => {
      const { owner, organizationId } = await team();
      const response = await rename(organizationId, owner, { name });
      expect(response.status).toBe(422);
      expect(response.body.violations).toEqual([{ propertyPath: 'name', message: expect.any(String), code }]);
      expect((await getOrganization(organizationId, owner)).body.name).toBe('Team');
    });

    it('answers 400 for a name of the wrong JSON type', async () => {
      const { owner, organizationId } = await team();
      const response = await rename(organizationId, owner, { name: 7 });
      expect(response.status).toBe(400);
      expect(response.body.detail).toBe('The type of the "name" attribute must be "string", "integer" given.');
    });

    it('answers 400 "Syntax error" for malformed JSON', async () => {
      const { owner, organizationId } = await team();
      const response = await t.api.request('PATCH', path(organizationId), {
        key: owner.apiKey,
        rawBody: '{"name":',
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expect(response.status).toBe(400);
      expect(response.body.detail).toBe('Syntax error');
    });

    it.each(['application/json', 'application/ld+json'])('answers 415 to a %s body', async (contentType) => {
      const { owner, organizationId } = await team();
      const response = await t.api.request('PATCH', path(organizationId), {
        key: owner.apiKey,
        body: { name: 'Wrong type' },
        headers: { 'content-type': contentType },
      });
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ status: 415, type: '/errors/415' });
      expect(response.body.detail).toContain('application/merge-patch+json');
      expect((await getOrganization(organizationId, owner)).body.name).toBe('Team');
    });
  });

  describe('DELETE /api/organizations/{organizationId}', () => {
    it('deletes the organization for an owner: 204, then 404 for everyone', async () => {
      const { owner, member, organizationId } = await team();
      const response = await deleteOrganization(organizationId, owner);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(response.headers.get('content-type')).toBeNull();
      expect((await getOrganization(organizationId, owner)).status).toBe(404);
      expect((await getOrganization(organizationId, member)).status).toBe(404);
      expect((await t.api.get('/api/organizations', member.apiKey)).body.totalItems).toBe(0);
    });

    it.each(['member', 'outsider'] as const)('answers 403 to a %s and keeps the organization', async (who) => {
      const world = await team();
      const response = await deleteOrganization(world.organizationId, world[who]);
      expect(response.status).toBe(403);
      // Owner-only: members and outsiders alike hear who may do it.
      expect(response.body.detail).toBe('Only organization owners can delete the organization.');
      expect((await getOrganization(world.organizationId, world.owner)).status).toBe(200);
    });

    it('answers 404 for an unknown, non-UUID or already deleted organization', async () => {
      const { owner, organizationId } = await team();
      expect((await deleteOrganization(randomUUID(), owner)).status).toBe(404);
      expect((await deleteOrganization('nope', owner)).status).toBe(404);
      expect((await deleteOrganization(organizationId, owner)).status).toBe(204);
      expect((await deleteOrganization(organizationId, owner)).status).toBe(404);
    });
  });

  describe('PUT /api/organizations/{organizationId}/members/{partnerId}', () => {
    it('refuses to add a partner who is not a member: 404 telling to invite it, and nothing changes', async () => {
      const { owner, member, organizationId } = await team();
      const newcomer = await t.api.createPartner('Newcomer');
      for (const role of ['member', 'owner']) {
        const response = await putMember(organizationId, owner, newcomer.id, { role });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body.detail).toContain('send it an invitation');
        expect(response.body.detail).toContain('/invitations');
      }
      expect(rolesIn((await getOrganization(organizationId, owner)).body)).toEqual({
        [owner.id]: 'owner',
        [member.id]: 'member',
      });
      expect((await getOrganization(organizationId, newcomer)).status).toBe(403);
      expect((await t.api.get('/api/organizations', newcomer.apiKey)).body.totalItems).toBe(0);
    });

    it('adds a partner by invitation; once it accepts, PUT changes its role', async () => {
      const { owner, organizationId } = await team();
      const newcomer = await t.api.createPartner('Newcomer');
      const invited = await t.api.post(`${path(organizationId)}/invitations`, owner.apiKey, {
        email: newcomer.email,
        role: 'member',
      });
      expect(invited.status).toBe(201);
      // Invited is not joined: the partner is no member until it accepts.
      expect((await getOrganization(organizationId, newcomer)).status).toBe(403);
      expect((await putMember(organizationId, owner, newcomer.id, { role: 'owner' })).status).toBe(404);
      const accepted = await t.api.post(`/api/invitations/${invited.body.id}/accept`, newcomer.apiKey);
      expect(accepted.status).toBe(200);

      const organization = await getOrganization(organizationId, owner);
      expect(Object.keys(organization.body)).toEqual(ORGANIZATION_KEYS);
      expect(organization.body.members).toContainEqual({
        id: newcomer.id,
        email: newcomer.email,
        name: 'Newcomer',
        role: 'member',
        joined_at: expect.stringMatching(TIMESTAMP),
      });
      // The newcomer sees it at once.
      expect((await getOrganization(organizationId, newcomer)).status).toBe(200);
      expect((await t.api.get('/api/organizations', newcomer.apiKey)).body.totalItems).toBe(1);

      const promoted = await putMember(organizationId, owner, newcomer.id, { role: 'owner' });
      expect(promoted.status).toBe(200);
      expect(Object.keys(promoted.body)).toEqual(ORGANIZATION_KEYS);
      expect(promoted.body.id).toBe(organizationId);
      expect(promoted.body.owners.map((m: any) => m.id).sort()).toEqual([owner.id, newcomer.id].sort());
      // An owner now, it manages the organization.
      expect((await rename(organizationId, newcomer, { name: 'By the newcomer' })).status).toBe(200);
      const demoted = await putMember(organizationId, newcomer, newcomer.id, { role: 'member' });
      expect(demoted.status).toBe(200);
      expect(rolesIn(demoted.body)[newcomer.id]).toBe('member');
    });

    it('adds a partner as an owner through an accepted owner invitation, who can then manage members', async () => {
      const { owner, member, organizationId } = await team();
      const coOwner = await t.api.createPartner();
      await t.api.addMember(owner, organizationId, coOwner, 'owner');
      const organization = await getOrganization(organizationId, coOwner);
      expect(organization.body.owners.map((m: any) => m.id).sort()).toEqual([owner.id, coOwner.id].sort());
      expect((await rename(organizationId, coOwner, { name: 'By co-owner' })).status).toBe(200);
      expect((await putMember(organizationId, coOwner, member.id, { role: 'owner' })).status).toBe(200);
    });

    it('answers 200 when the role changes, and when it is already as requested', async () => {
      const { owner, member, organizationId } = await team();
      const same = await putMember(organizationId, owner, member.id, { role: 'member' });
      expect(same.status).toBe(200);
      expect(rolesIn(same.body)[member.id]).toBe('member');

      const promoted = await putMember(organizationId, owner, member.id, { role: 'owner' });
      expect(promoted.status).toBe(200);
      expect(rolesIn(promoted.body)).toEqual({ [owner.id]: 'owner', [member.id]: 'owner' });
      expect(promoted.body.members).toEqual([]);

      const demoted = await putMember(organizationId, owner, member.id, { role: 'member' });
      expect(demoted.status).toBe(200);
      expect(rolesIn(demoted.body)).toEqual({ [owner.id]: 'owner', [member.id]: 'member' });
    });

    it('keeps joined_at when the role changes', async () => {
      const { owner, member, organizationId } = await team();
      const before = (await getOrganization(organizationId, owner)).body.members[0].joined_at;
      const after = await putMember(organizationId, owner, member.id, { role: 'owner' });
      expect(after.body.owners.find((m: any) => m.id === member.id).joined_at).toBe(before);
    });

    it.each(['member', 'outsider'] as const)('answers 403 to a %s and changes nothing', async (who) => {
      const world = await team();
      const newcomer = await t.api.createPartner();
      const response = await putMember(world.organizationId, world[who], newcomer.id, { role: 'owner' });
      expect(response.status).toBe(403);
      // Owner-only: members and outsiders alike hear who may do it.
      expect(response.body.detail).toBe('Only organization owners can manage members.');
      const selfPromotion = await putMember(world.organizationId, world[who], world[who].id, { role: 'owner' });
      expect(selfPromotion.status).toBe(403);
      const roles = rolesIn((await getOrganization(world.organizationId, world.owner)).body);
      expect(roles).toEqual({ [world.owner.id]: 'owner', [world.member.id]: 'member' });
    });

    it('answers a partner that does not exist as one that is not a member (existence is not revealed)', async () => {
      const { owner, organizationId } = await team();
      const outsider = await t.api.createPartner();
      const unknown = await putMember(organizationId, owner, randomUUID(), { role: 'member' });
      const notMember = await putMember(organizationId, owner, outsider.id, { role: 'member' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toContain('send it an invitation');
      expect({ status: notMember.status, detail: notMember.body.detail }).toEqual({
        status: unknown.status,
        detail: unknown.body.detail,
      });
    });

    it('answers 404 for a partner id that is not a UUID', async () => {
      const { owner, organizationId } = await team();
      const response = await putMember(organizationId, owner, 'not-a-uuid', { role: 'member' });
      expect(response.status).toBe(404);
      expect(response.body.detail).toBe('Partner not found.');
    });

    it('answers 404 for an organization that does not exist or is not a UUID', async () => {
      const owner = await t.api.createPartner();
      const other = await t.api.createPartner();
      expect((await putMember(randomUUID(), owner, other.id, { role: 'member' })).status).toBe(404);
      expect((await putMember('nope', owner, other.id, { role: 'member' })).status).toBe(404);
    });

    it.each([
      ['an unknown role', { role: 'admin' }, VIOLATION_CODE.invalidChoice],
      ['a role in the wrong case', { role: 'Owner' }, VIOLATION_CODE.invalidChoice],
      ['a blank role', { role: '' }, VIOLATION_CODE.notBlank],
      ['a missing role', {}, VIOLATION_CODE.notBlank],
    ])('refuses %s with a 422 violation on role', async (_, body, code) => {
      const { owner, organizationId } = await team();
      const newcomer = await t.api.createPartner();
      const response = await putMember(organizationId, owner, newcomer.id, body);
      expect(response.status).toBe(422);
      expect(response.body.violations).toEqual([{ propertyPath: 'role', message: expect.any(String), code }]);
      expect((await getOrganization(organizationId, newcomer)).status).toBe(403);
    });

    it('answers 400 for a role of the wrong JSON type', async () => {
      const { owner, member, organizationId } = await team();
      const response = await putMember(organizationId, owner, member.id, { role: 1 });
      expect(response.status).toBe(400);
      expect(response.body.detail).toBe('The type of the "role" attribute must be "string", "integer" given.');
    });

    it('refuses to demote the last owner with a 422 violation on role', async () => {
      const { owner, member, organizationId } = await team();
      const response = await putMember(organizationId, owner, owner.id, { role: 'member' });
      expect(response.status).toBe(422);
      expect(response.body.violations).toEqual([
        { propertyPath: 'role', message: expect.stringContaining('last owner'), code: expect.any(String) },
      ]);
      expect(rolesIn((await getOrganization(organizationId, owner)).body)).toEqual({
        [owner.id]: 'owner',
        [member.id]: 'member',
      });
    });

    it('lets an owner step down once another owner exists, and then refuses them owner actions', async () => {
      const { owner, member, organizationId } = await team();
      expect((await putMember(organizationId, owner, member.id, { role: 'owner' })).status).toBe(200);
      expect((await putMember(organizationId, owner, owner.id, { role: 'member' })).status).toBe(200);
      const refused = await rename(organizationId, owner, { name: 'Too late' });
      expect(refused.status).toBe(403);
      expect((await getOrganization(organizationId, owner)).status).toBe(200);
      // The new sole owner is now the last one.
      expect((await putMember(organizationId, member, member.id, { role: 'member' })).status).toBe(422);
    });
  });

  describe('DELETE /api/organizations/{organizationId}/members/{partnerId}', () => {
    it('removes a member with 204; the partner loses access at once', async () => {
      const { owner, member, organizationId } = await team();
      expect((await getOrganization(organizationId, member)).status).toBe(200);
      const response = await removeMember(organizationId, owner, member.id);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect((await getOrganization(organizationId, member)).status).toBe(403);
      expect((await t.api.get('/api/organizations', member.apiKey)).body.totalItems).toBe(0);
      expect(rolesIn((await getOrganization(organizationId, owner)).body)).toEqual({ [owner.id]: 'owner' });
    });

    it('removes an owner while another owner remains', async () => {
      const { owner, organizationId } = await team();
      const coOwner = await t.api.createPartner();
      await t.api.addMember(owner, organizationId, coOwner, 'owner');
      expect((await removeMember(organizationId, coOwner, owner.id)).status).toBe(204);
      expect((await getOrganization(organizationId, owner)).status).toBe(403);
      expect((await getOrganization(organizationId, coOwner)).body.owners.map((m: any) => m.id)).toEqual([coOwner.id]);
    });

    it('refuses to remove the last owner with a 422 violation on role', async () => {
      const { owner, organizationId } = await team();
      const response = await removeMember(organizationId, owner, owner.id);
      expect(response.status).toBe(422);
      expect(response.body.violations).toEqual([
        { propertyPath: 'role', message: expect.stringContaining('last owner'), code: expect.any(String) },
      ]);
      expect((await getOrganization(organizationId, owner)).status).toBe(200);
    });

    it.each(['member', 'outsider'] as const)(
      'answers 403 to a %s removing someone else, and removes nobody',
      async (who) => {
        const world = await team();
        const other = await t.api.createPartner('Other member');
        await t.api.addMember(world.owner, world.organizationId, other, 'member');
        expect((await removeMember(world.organizationId, world[who], other.id)).status).toBe(403);
        expect((await removeMember(world.organizationId, world[who], world.owner.id)).status).toBe(403);
        const roles = rolesIn((await getOrganization(world.organizationId, world.owner)).body);
        expect(roles).toEqual({ [world.owner.id]: 'owner', [world.member.id]: 'member', [other.id]: 'member' });
      },
    );

    it('lets a member leave (remove itself), and an owner while another owner stays', async () => {
      const world = await team();
      expect((await removeMember(world.organizationId, world.member, world.member.id)).status).toBe(204);
      expect((await getOrganization(world.organizationId, world.member)).status).toBe(403);
      const second = await t.api.createPartner('Second owner');
      await t.api.addMember(world.owner, world.organizationId, second, 'owner');
      expect((await removeMember(world.organizationId, second, second.id)).status).toBe(204);
      // The last owner cannot leave.
      expect((await removeMember(world.organizationId, world.owner, world.owner.id)).status).toBe(422);
      const roles = rolesIn((await getOrganization(world.organizationId, world.owner)).body);
      expect(roles).toEqual({ [world.owner.id]: 'owner' });
    });

    it('answers 404 for a partner who is not a member, unknown, or not a UUID', async () => {
      const { owner, outsider, organizationId } = await team();
      const notMember = await removeMember(organizationId, owner, outsider.id);
      expect(notMember.status).toBe(404);
      expect(notMember.body.detail).toBe('This partner is not a member of the organization.');
      expect((await removeMember(organizationId, owner, randomUUID())).status).toBe(404);
      expect((await removeMember(organizationId, owner, 'nope')).status).toBe(404);
    });

    it('answers 404 for an unknown or non-UUID organization', async () => {
      const owner = await t.api.createPartner();
      expect((await removeMember(randomUUID(), owner, owner.id)).status).toBe(404);
      expect((await removeMember('nope', owner, owner.id)).status).toBe(404);
    });
  });

  describe('organizations are isolated from each other', () => {
    it('an owner of one organization cannot manage another', async () => {
      const a = await team();
      const b = await team();
      expect((await getOrganization(b.organizationId, a.owner)).status).toBe(403);
      expect((await rename(b.organizationId, a.owner, { name: 'X' })).status).toBe(403);
      expect((await putMember(b.organizationId, a.owner, a.owner.id, { role: 'owner' })).status).toBe(403);
      expect((await removeMember(b.organizationId, a.owner, b.member.id)).status).toBe(403);
      expect((await deleteOrganization(b.organizationId, a.owner)).status).toBe(403);
      expect((await getOrganization(b.organizationId, b.member)).status).toBe(200);
    });
  });
});
