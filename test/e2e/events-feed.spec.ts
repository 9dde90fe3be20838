import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';

/** What GET showed (the event's `data` repeats it), without the JSON-LD context. */
const withoutContext = ({ '@context': _, ...rest }: Record<string, unknown>) => rest;

describe('events feed: GET /api/organizations/{id}/events', () => {
  let t: TestApp;
  let owner: TestPartner;
  let member: TestPartner;
  let outsider: TestPartner;
  let source: string;
  let target: string;
  let instanceId: string;
  const after: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ({ owner, member, outsider, organizationId: source } = await world(t, { organization: 'Source' }));
    target = await t.api.createOrganization(owner, 'Target');

    const created = await t.api.post(`/api/organizations/${source}/instances`, owner.apiKey, {
      name: 'Before',
      handle: randomHandle(),
    });
    instanceId = created.body.id;
    after.created = created.body;
    const renamed = await t.api.request('PATCH', `/api/organizations/${source}/instances/${instanceId}`, {
      key: owner.apiKey,
      body: { name: 'After' },
    });
    after.renamed = renamed.body;
    const path = `/api/organizations/${source}/instances/${instanceId}`;
    expect(
      (await t.api.request('PUT', `${path}/authorized-organizations/${target}`, { key: owner.apiKey })).status,
    ).toBe(204);
    after.authorized = (await t.api.get(path, owner.apiKey)).body;
    const transferred = await t.api.post(`${path}/transfer`, owner.apiKey, { organization_id: target });
    after.transferred = transferred.body;
    const deleted = await t.api.request('DELETE', `/api/organizations/${target}/instances/${instanceId}`, {
      key: owner.apiKey,
    });
    expect(deleted.status).toBe(204);
  });
  afterAll(() => t.close());

  const feed = (organizationId: string, query = '', key = owner.apiKey) =>
    t.api.get(`/api/organizations/${organizationId}/events${query}`, key);

  it('lists the organization events oldest first, each with the instance as GET showed it right after the change', async () => {
    const page = await feed(source, '', member.apiKey);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      '@context': '/api/contexts/Event',
      '@id': `/api/organizations/${source}/events`,
      '@type': 'Collection',
    });
    expect(page.body.totalItems).toBeUndefined();
    const events = page.body.member as Record<string, any>[];
    expect(events.map((e) => e.type)).toEqual([
      'instance.created',
      'instance.renamed',
      'instance.organization_authorized',
      'instance.transferred',
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ '@id': `/api/organizations/${source}/events/${event.id}`, '@type': 'Event' });
      expect(event.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    }
    const [created, renamed, authorized, transferred] = events;
    expect(created.data).toEqual(withoutContext(after.created));
    expect(renamed.data).toEqual({ ...withoutContext(after.renamed), previous_attributes: { name: 'Before' } });
    expect(authorized.data).toEqual({
      ...withoutContext(after.authorized),
      previous_attributes: { authorized_organization_ids: [] },
    });
    expect(transferred.data).toEqual({
      ...withoutContext(after.transferred),
      previous_attributes: { organization_id: source, authorized_organization_ids: [target] },
    });
  });

  it('shows a transfer in both organizations feeds, and the deletion in the new owner one', async () => {
    const page = await feed(target);
    const events = page.body.member as Record<string, any>[];
    expect(events.map((e) => e.type)).toEqual(['instance.transferred', 'instance.deleted']);
    expect(events[0]['@id']).toBe(`/api/organizations/${target}/events/${events[0].id}`);
    const source_ = await feed(source);
    expect(source_.body.member.at(-1).id).toBe(events[0].id);
    expect(events[1].data).toMatchObject({ id: instanceId, organization_id: target, name: 'After' });
  });

  it('pages forward with after=<event id>; view.next is always there and an empty page means caught up', async () => {
    const first = await feed(source, '?itemsPerPage=3');
    expect(first.body.member).toHaveLength(3);
    expect(first.body.view).toEqual({
      '@id': `/api/organizations/${source}/events?itemsPerPage=3`,
      '@type': 'PartialCollectionView',
      next: `/api/organizations/${source}/events?after=${first.body.member[2].id}&itemsPerPage=3`,
    });
    const second = await t.api.get(first.body.view.next, owner.apiKey);
    expect(second.body.member.map((e: { type: string }) => e.type)).toEqual(['instance.transferred']);
    const third = await t.api.get(second.body.view.next, owner.apiKey);
    expect(third.body.member).toEqual([]);
    expect(third.body.view.next).toBe(second.body.view.next);

    // A new event shows up on the page that was empty.
    await t.api.post(`/api/organizations/${source}/instances`, owner.apiKey, { name: 'Later', handle: randomHandle() });
    const polled = await t.api.get(third.body.view.next, owner.apiKey);
    expect(polled.body.member.map((e: { type: string }) => e.type)).toEqual(['instance.created']);
  });

  it('filters by types[]', async () => {
    const page = await feed(source, '?types%5B%5D=instance.renamed&types%5B%5D=instance.transferred');
    expect(page.body.member.map((e: { type: string }) => e.type)).toEqual(['instance.renamed', 'instance.transferred']);
    expect(page.body.view.next).toContain('types%5B%5D=instance.renamed&types%5B%5D=instance.transferred');
  });

  it('serves one event to members, and not through another organization', async () => {
    const [created] = (await feed(source)).body.member;
    const one = await t.api.get(`/api/organizations/${source}/events/${created.id}`, member.apiKey);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ '@context': '/api/contexts/Event', ...created });
    expect((await t.api.get(`/api/organizations/${target}/events/${created.id}`, owner.apiKey)).status).toBe(404);
    expect((await t.api.get(`/api/organizations/${source}/events/not-a-uuid`, owner.apiKey)).status).toBe(404);
  });

  it('refuses non-members and bad parameters with problem documents', async () => {
    expect((await feed(source, '', outsider.apiKey)).status).toBe(403);
    expect((await t.api.get(`/api/organizations/${source}/events`)).status).toBe(401);
    expect((await feed(source, '?itemsPerPage=101')).status).toBe(400);
    expect((await feed(source, '?itemsPerPage=0')).status).toBe(400);
    expect((await feed(source, '?itemsPerPage=x')).status).toBe(400);
    expect((await feed(source, '?types%5B%5D=instance.exploded')).status).toBe(400);
    expect((await feed(source, '?after=nope')).status).toBe(400);
    // An event of another organization's feed is no cursor here (and its existence is not revealed).
    const [deleted] = (await feed(target, '?types%5B%5D=instance.deleted')).body.member;
    const refused = await feed(source, `?after=${deleted.id}`);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
