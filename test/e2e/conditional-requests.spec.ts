import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';
import { expectProblem } from '../support/wire-format.js';

/** Issue 12, part 3: ETag, If-None-Match (304) and If-Match (412) on instances, organizations, collections. */
describe('conditional requests', () => {
  let t: TestApp;
  let owner: TestPartner;
  let member: TestPartner;
  let organizationId: string;
  let otherOrganizationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ owner, member, organizationId } = await world(t, { organization: 'Acme' }));
    otherOrganizationId = await t.api.createOrganization(owner, 'Acme Two');
  });
  afterAll(() => t.close());

  const collectionPath = () => `/api/organizations/${organizationId}/instances`;
  async function createInstance(): Promise<{ path: string; etag: string }> {
    const response = await t.api.post(collectionPath(), owner.apiKey, { name: 'Prod', handle: randomHandle() });
    expect(response.status).toBe(201);
    return { path: response.body['@id'], etag: response.headers.get('etag') as string };
  }
  const get = (path: string, headers: Record<string, string> = {}, key = owner.apiKey) => t.api.get(path, key, headers);
  const patch = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.api.request('PATCH', path, { key: owner.apiKey, body, headers });
  const etagOf = (response: ApiResponse) => response.headers.get('etag') as string;

  describe('ETag and 304', () => {
    it.each([
      ['an instance', async () => (await createInstance()).path],
      ['an organization', async () => `/api/organizations/${organizationId}`],
      ['an instance collection', async () => `${collectionPath()}?order[name]=asc`],
      ['the organization collection', async () => '/api/organizations'],
    ])(
      'tags %s, with Cache-Control no-cache, private, and answers a matching If-None-Match with 304',
      async (_what, pathOf) => {
        const path = await pathOf();
        const first = await get(path);
        expect(first.status).toBe(200);
        expect(etagOf(first)).toMatch(/^"[^"]+"$/);
        expect(first.headers.get('cache-control')).toBe('no-cache, private');

        for (const tag of [etagOf(first), `W/${etagOf(first)}`, `"other", ${etagOf(first)}`, '*']) {
          const again = await get(path, { 'if-none-match': tag });
          expect(again.status).toBe(304);
          expect(again.text).toBe('');
          expect(etagOf(again)).toBe(etagOf(first));
        }
        expect((await get(path, { 'if-none-match': '"stale"' })).status).toBe(200);
        const head = await t.api.request('HEAD', path, { key: owner.apiKey });
        expect(head.status).toBe(200);
        expect(etagOf(head)).toBe(etagOf(first));
      },
    );

    it('gives an instance a new tag when it changes, and its collection too', async () => {
      const { path, etag } = await createInstance();
      const list = await get(collectionPath());
      const renamed = await patch(path, { name: 'Renamed' });
      expect(etagOf(renamed)).not.toBe(etag);
      expect(etagOf(await get(path))).toBe(etagOf(renamed));
      expect((await get(path, { 'if-none-match': etag })).status).toBe(200);
      expect((await get(collectionPath(), { 'if-none-match': etagOf(list) })).status).toBe(200);
    });

    it('gives an organization a new tag when its members change', async () => {
      const path = `/api/organizations/${otherOrganizationId}`;
      const before = etagOf(await get(path));
      const newcomer = await t.api.createPartner('Newcomer');
      await t.api.addMember(owner, otherOrganizationId, newcomer, 'member');
      const after = await get(path, { 'if-none-match': before });
      expect(after.status).toBe(200);
      expect(etagOf(after)).not.toBe(before);
    });

    it('serves a member the same validators as the owner', async () => {
      const path = `/api/organizations/${organizationId}`;
      const tag = etagOf(await get(path));
      expect((await get(path, { 'if-none-match': tag }, member.apiKey)).status).toBe(304);
    });
  });

  describe('If-Match', () => {
    it('writes a PATCH whose If-Match is current, and answers with the new ETag', async () => {
      const { path, etag } = await createInstance();
      const response = await patch(path, { name: 'Next' }, { 'if-match': etag });
      expect(response.status).toBe(200);
      expect(response.body.name).toBe('Next');
      expect(etagOf(response)).not.toBe(etag);
      expect((await patch(path, { name: 'Again' }, { 'if-match': etagOf(response) })).status).toBe(200);
    });

    it.each([
      ['a stale tag', 'stale'],
      ['a weak tag', 'weak'],
      ['a tag that is not ours', 'foreign'],
    ])('refuses a PATCH with %s: 412 problem, nothing changes', async (_label, kind) => {
      const { path, etag } = await createInstance();
      const renamed = await patch(path, { name: 'Moved on' });
      const tag = kind === 'stale' ? etag : kind === 'weak' ? `W/${etagOf(renamed)}` : '"xyz"';
      const response = await patch(path, { name: 'Lost update' }, { 'if-match': tag });
      expectProblem(response, 412, 'Precondition Failed');
      expect((await get(path)).body.name).toBe('Moved on');
      expect(etagOf(await get(path))).toBe(etagOf(renamed));
    });

    it('answers 412 to If-Match: * on a deleted instance, and deletes only with a current tag', async () => {
      const { path, etag } = await createInstance();
      await patch(path, { name: 'Changed' });
      const stale = await t.api.request('DELETE', path, { key: owner.apiKey, headers: { 'if-match': etag } });
      expectProblem(stale, 412, 'Precondition Failed');
      expect((await get(path)).status).toBe(200);
      const current = etagOf(await get(path));
      const deleted = await t.api.request('DELETE', path, { key: owner.apiKey, headers: { 'if-match': current } });
      expect(deleted.status).toBe(204);
      expectProblem(await patch(path, { name: 'Ghost' }, { 'if-match': '*' }), 412, 'Precondition Failed');
      expectProblem(await patch(path, { name: 'Ghost' }, { 'if-match': current }), 412, 'Precondition Failed');
      expectProblem(await patch(path, { name: 'Ghost' }), 404, 'Not Found');
    });

    it('checks If-Match on transfer and on the authorization writes, against the instance tag', async () => {
      const { path, etag } = await createInstance();
      const authorizePath = `${path}/authorized-organizations/${otherOrganizationId}`;
      await patch(path, { name: 'Changed' });
      const staleAuthorize = await t.api.request('PUT', authorizePath, {
        key: owner.apiKey,
        headers: { 'if-match': etag },
      });
      expectProblem(staleAuthorize, 412, 'Precondition Failed');
      expect((await get(path)).body).not.toHaveProperty('authorized_organization_ids');

      const current = etagOf(await get(path));
      const authorized = await t.api.request('PUT', authorizePath, {
        key: owner.apiKey,
        headers: { 'if-match': current },
      });
      expect(authorized.status).toBe(204);
      const afterAuthorize = await get(path);
      expect(etagOf(afterAuthorize)).not.toBe(current);

      const staleTransfer = await t.api.post(
        `${path}/transfer`,
        owner.apiKey,
        { organization_id: otherOrganizationId },
        { 'if-match': current },
      );
      expectProblem(staleTransfer, 412, 'Precondition Failed');
      const staleUnauthorize = await t.api.request('DELETE', authorizePath, {
        key: owner.apiKey,
        headers: { 'if-match': current },
      });
      expectProblem(staleUnauthorize, 412, 'Precondition Failed');

      const transferred = await t.api.post(
        `${path}/transfer`,
        owner.apiKey,
        { organization_id: otherOrganizationId },
        { 'if-match': etagOf(afterAuthorize) },
      );
      expect(transferred.status).toBe(200);
      expect(etagOf(await get(transferred.body['@id']))).toBe(etagOf(transferred));
    });

    it('checks If-Match on rename, membership writes and delete of an organization', async () => {
      const organization = await t.api.createOrganization(owner, 'Conditional');
      const path = `/api/organizations/${organization}`;
      const first = etagOf(await get(path));
      const renamed = await t.api.request('PATCH', path, {
        key: owner.apiKey,
        body: { name: 'Renamed' },
        headers: { 'if-match': first },
      });
      expect(renamed.status).toBe(200);
      expect(etagOf(renamed)).not.toBe(first);

      const partner = await t.api.createPartner('Joiner');
      const memberPath = `${path}/members/${partner.id}`;
      const write = (method: string, tag: string, body?: unknown) =>
        t.api.request(method, memberPath, { key: owner.apiKey, body, headers: { 'if-match': tag } });
      // Joining (an accepted invitation) is a change of the organization: its tag moves on.
      await t.api.addMember(owner, organization, partner, 'member');
      const withMember = etagOf(await get(path));
      expect(withMember).not.toBe(etagOf(renamed));
      expectProblem(await write('PUT', etagOf(renamed), { role: 'owner' }), 412, 'Precondition Failed');
      const joined = await write('PUT', withMember, { role: 'owner' });
      expect(joined.status).toBe(200);
      expect(etagOf(joined)).toBe(etagOf(await get(path)));
      expectProblem(await write('DELETE', withMember), 412, 'Precondition Failed');
      expectProblem(
        await t.api.request('PATCH', path, { key: owner.apiKey, body: {}, headers: { 'if-match': first } }),
        412,
        'Precondition Failed',
      );
      expect((await write('DELETE', etagOf(joined))).status).toBe(204);

      const current = etagOf(await get(path));
      const stale = await t.api.request('DELETE', path, { key: owner.apiKey, headers: { 'if-match': first } });
      expectProblem(stale, 412, 'Precondition Failed');
      expect(
        (await t.api.request('DELETE', path, { key: owner.apiKey, headers: { 'if-match': current } })).status,
      ).toBe(204);
    });

    it('lets exactly one of racing PATCHes with the same tag win; the others get 412', async () => {
      const { path, etag } = await createInstance();
      const racers = 8;
      const responses = await Promise.all(
        Array.from({ length: racers }, (_, i) => patch(path, { name: `Racer ${i}` }, { 'if-match': etag })),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(racers - 1).fill(412)]);
      const winner = responses.find((response) => response.status === 200) as ApiResponse;
      const now = await get(path);
      expect(now.body.name).toBe(winner.body.name);
      expect(etagOf(now)).toBe(etagOf(winner));
    });
  });
});
