import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Instance } from '../../src/instances/domain/instance.js';
import { InstanceRepository } from '../../src/instances/domain/instance.repository.js';
import { ViolationList } from '../../src/shared/domain/violation.js';
import { OutboxRelay } from '../../src/shared/outbox/outbox-relay.js';
import { redeliver, undeliveredCount } from '../support/event-delivery.js';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { waitForLockWaiters } from '../support/lock-waits.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { world, type World } from '../support/world.js';
import { VIOLATION_CODE } from '../support/wire-format.js';

/** An organization with an owner, a member, and one instance it owns. */
interface Team extends World {
  instance: Record<string, any>;
}

describe('Instance lifecycle: rename, authorized organizations, transfer, removal', () => {
  let t: TestApp;
  let db: DataSource;
  let outsider: TestPartner;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    outsider = await t.api.createPartner('Outsider');
  });
  afterAll(() => t.close());

  async function team(name = 'Acme'): Promise<Team> {
    const cast = await world(t, { organization: name });
    return { ...cast, instance: await createInstance(cast.owner, cast.organizationId) };
  }

  /** A team whose owners include `caller` too: the receiving organization's consent to an authorization. */
  async function receivingTeam(caller: TestPartner, name: string): Promise<Team> {
    const receiving = await team(name);
    await t.api.addMember(receiving.owner, receiving.organizationId, caller, 'owner');
    return receiving;
  }

  async function createInstance(owner: TestPartner, organizationId: string, handle = randomHandle()) {
    const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name: 'Original',
      handle,
    });
    expect(response.status).toBe(201);
    return response.body as Record<string, any>;
  }

  const path = (organizationId: string, instanceId: string) =>
    `/api/organizations/${organizationId}/instances/${instanceId}`;
  const authorizationPath = (organizationId: string, instanceId: string, target: string) =>
    `${path(organizationId, instanceId)}/authorized-organizations/${target}`;

  const get = (who: TestPartner, organizationId: string, instanceId: string) =>
    t.api.get(path(organizationId, instanceId), who.apiKey);
  const list = (who: TestPartner, organizationId: string) =>
    t.api.get(`/api/organizations/${organizationId}/instances`, who.apiKey);
  const patch = (
    who: TestPartner,
    organizationId: string,
    instanceId: string,
    body: unknown,
    contentType = 'application/merge-patch+json',
  ) =>
    t.api.request('PATCH', path(organizationId, instanceId), {
      key: who.apiKey,
      body,
      headers: { 'content-type': contentType },
    });
  const remove = (who: TestPartner, organizationId: string, instanceId: string) =>
    t.api.request('DELETE', path(organizationId, instanceId), { key: who.apiKey });
  const authorize = (who: TestPartner, organizationId: string, instanceId: string, target: string) =>
    t.api.request('PUT', authorizationPath(organizationId, instanceId, target), { key: who.apiKey });
  const unauthorize = (who: TestPartner, organizationId: string, instanceId: string, target: string) =>
    t.api.request('DELETE', authorizationPath(organizationId, instanceId, target), { key: who.apiKey });
  const transfer = (who: TestPartner, organizationId: string, instanceId: string, body: unknown) =>
    t.api.post(`${path(organizationId, instanceId)}/transfer`, who.apiKey, body);
  const deleteOrganization = (who: TestPartner, organizationId: string) =>
    t.api.request('DELETE', `/api/organizations/${organizationId}`, { key: who.apiKey });

  const eventsOf = (instanceId: string): Promise<{ type: string; organization_id: string; payload: any }[]> =>
    db.query(
      'SELECT type, organization_id, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at, id',
      [instanceId],
    );
  const typesOf = async (instanceId: string) => (await eventsOf(instanceId)).map((event) => event.type);

  function expectViolation(response: ApiResponse, propertyPath: string, code: string) {
    expect(response.status).toBe(422);
    expect(response.body.violations).toEqual([expect.objectContaining({ propertyPath, code })]);
  }

  function expectForbidden(response: ApiResponse, detail: string) {
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ status: 403, detail });
  }

  describe('PATCH /api/organizations/{organizationId}/instances/{instanceId}', () => {
    it('renames for an owner: 200 with the instance, updated_at moves, handle kept, one InstanceRenamed', async () => {
      const { owner, organizationId, instance } = await team();
      await db.query("UPDATE instances SET updated_at = updated_at - interval '1 hour' WHERE id = $1", [instance.id]);
      const before = (await get(owner, organizationId, instance.id)).body;

      const response = await patch(owner, organizationId, instance.id, { name: 'Production EU' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
      expect(response.body).toEqual({ ...before, name: 'Production EU', updated_at: expect.any(String) });
      expect(Date.parse(response.body.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
      expect((await get(owner, organizationId, instance.id)).body).toEqual(response.body);

      const events = await eventsOf(instance.id);
      expect(events.map((event) => event.type)).toEqual(['InstanceCreated', 'InstanceRenamed']);
      expect(events[1]).toMatchObject({
        organization_id: organizationId,
        payload: {
          instance_id: instance.id,
          name: 'Production EU',
          previous_name: 'Original',
          handle: instance.handle,
        },
      });
    });

    it('changes nothing and records no event for the same name or an empty patch', async () => {
      const { owner, organizationId, instance } = await team();
      for (const body of [{ name: 'Original' }, {}]) {
        const response = await patch(owner, organizationId, instance.id, body);
        expect(response.status).toBe(200);
        expect(response.body).toEqual(instance);
      }
      expect(await typesOf(instance.id)).toEqual(['InstanceCreated']);
    });

    it('ignores the other read-only properties', async () => {
      const { owner, organizationId, instance } = await team();
      const response = await patch(owner, organizationId, instance.id, {
        name: 'Renamed',
        id: randomUUID(),
        organization_id: randomUUID(),
        created_by_organization_id: randomUUID(),
        created_at: '2000-01-01T00:00:00+00:00',
        authorized_organization_ids: [randomUUID()],
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: instance.id,
        organization_id: organizationId,
        created_by_organization_id: organizationId,
        created_at: instance.created_at,
        name: 'Renamed',
      });
      expect(response.body.authorized_organization_ids).toBeUndefined();
    });

    it.each([['the same handle'], ['another handle'], ['null']])(
      'answers 422 on handle for %s: the handle is immutable',
      async (label) => {
        const { owner, organizationId, instance } = await team();
        const handle = { 'the same handle': instance.handle, 'another handle': randomHandle(), null: null }[label];
        const response = await patch(owner, organizationId, instance.id, { name: 'Renamed', handle });
        expectViolation(response, 'handle', VIOLATION_CODE.invalidChoice);
        expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
        expect((await get(owner, organizationId, instance.id)).body).toEqual(instance);
        expect(await typesOf(instance.id)).toEqual(['InstanceCreated']);
      },
    );

    it('answers 422 for a blank or too long name, 400 for a name of the wrong type', async () => {
      const { owner, organizationId, instance } = await team();
      expectViolation(await patch(owner, organizationId, instance.id, { name: ' ' }), 'name', VIOLATION_CODE.notBlank);
      expectViolation(await patch(owner, organizationId, instance.id, { name: null }), 'name', VIOLATION_CODE.notBlank);
      expect((await patch(owner, organizationId, instance.id, { name: 'x'.repeat(256) })).status).toBe(422);
      const wrongType = await patch(owner, organizationId, instance.id, { name: 42 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.detail).toBe('The type of the "name" attribute must be "string", "integer" given.');
      expect((await get(owner, organizationId, instance.id)).body.name).toBe('Original');
    });

    it.each(['application/json', 'application/ld+json', 'text/plain'])(
      'answers 415 for %s: PATCH takes application/merge-patch+json only',
      async (contentType) => {
        const { owner, organizationId, instance } = await team();
        const response = await patch(owner, organizationId, instance.id, { name: 'Renamed' }, contentType);
        expect(response.status).toBe(415);
        expect(response.body.detail).toContain('application/merge-patch+json');
        expect((await get(owner, organizationId, instance.id)).body.name).toBe('Original');
      },
    );

    it.each(['member', 'outsider'] as const)('answers 403 to a %s and renames nothing', async (who) => {
      const world = await team();
      const caller = who === 'member' ? world.member : outsider;
      const response = await patch(caller, world.organizationId, world.instance.id, { name: 'Hijacked' });
      expectForbidden(response, 'Only organization owners can update instances.');
      expect((await get(world.owner, world.organizationId, world.instance.id)).body.name).toBe('Original');
    });

    it("answers 404 for another organization's instance, an unknown or non-UUID id, a non-UUID organization", async () => {
      const mine = await team();
      const theirs = await team('Other');
      expect((await patch(mine.owner, mine.organizationId, theirs.instance.id, { name: 'X' })).status).toBe(404);
      expect((await patch(mine.owner, mine.organizationId, randomUUID(), { name: 'X' })).status).toBe(404);
      expect((await patch(mine.owner, mine.organizationId, 'not-a-uuid', { name: 'X' })).status).toBe(404);
      expect((await patch(mine.owner, 'not-a-uuid', mine.instance.id, { name: 'X' })).status).toBe(404);
      expect((await get(theirs.owner, theirs.organizationId, theirs.instance.id)).body.name).toBe('Original');
    });
  });

  describe('DELETE /api/organizations/{organizationId}/instances/{instanceId}', () => {
    it('deletes for an owner: 204, then 404, gone from the list, one InstanceDeleted', async () => {
      const { owner, member, organizationId, instance } = await team();
      const response = await remove(owner, organizationId, instance.id);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect((await get(owner, organizationId, instance.id)).status).toBe(404);
      expect((await get(member, organizationId, instance.id)).status).toBe(404);
      expect((await list(owner, organizationId)).body.totalItems).toBe(0);
      expect((await remove(owner, organizationId, instance.id)).status).toBe(404);
      expect((await patch(owner, organizationId, instance.id, { name: 'Back' })).status).toBe(404);
      expect(await typesOf(instance.id)).toEqual(['InstanceCreated', 'InstanceDeleted']);
    });

    it('keeps the handle reserved: a new instance cannot reuse it', async () => {
      const { owner, organizationId, instance } = await team();
      expect((await remove(owner, organizationId, instance.id)).status).toBe(204);
      const reuse = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
        name: 'Again',
        handle: instance.handle,
      });
      expectViolation(reuse, 'handle', VIOLATION_CODE.alreadyUsed);
    });

    it.each(['member', 'outsider'] as const)('answers 403 to a %s and deletes nothing', async (who) => {
      const world = await team();
      const caller = who === 'member' ? world.member : outsider;
      expectForbidden(
        await remove(caller, world.organizationId, world.instance.id),
        'Only organization owners can delete instances.',
      );
      expect((await get(world.owner, world.organizationId, world.instance.id)).status).toBe(200);
    });

    it("answers 404 for another organization's instance, an unknown or non-UUID id", async () => {
      const mine = await team();
      const theirs = await team('Other');
      expect((await remove(mine.owner, mine.organizationId, theirs.instance.id)).status).toBe(404);
      expect((await remove(mine.owner, mine.organizationId, randomUUID())).status).toBe(404);
      expect((await remove(mine.owner, mine.organizationId, 'nope')).status).toBe(404);
      expect((await get(theirs.owner, theirs.organizationId, theirs.instance.id)).status).toBe(200);
    });
  });

  describe('PUT and DELETE .../authorized-organizations/{authorizedOrganizationId}', () => {
    it('authorizes idempotently: 204 twice, one event, listed sorted for the owner', async () => {
      const { owner, organizationId, instance } = await team();
      const partners = [
        (await receivingTeam(owner, 'P1')).organizationId,
        (await receivingTeam(owner, 'P2')).organizationId,
      ];
      for (const partner of partners) {
        const response = await authorize(owner, organizationId, instance.id, partner);
        expect(response.status).toBe(204);
        expect(response.text).toBe('');
      }
      expect((await authorize(owner, organizationId, instance.id, partners[0])).status).toBe(204);
      const shown = (await get(owner, organizationId, instance.id)).body;
      expect(shown.authorized_organization_ids).toEqual([...partners].sort());
      expect(Object.keys(shown).at(-1)).toBe('authorized_organization_ids');
      const listed = (await list(owner, organizationId)).body.member[0];
      expect(listed.authorized_organization_ids).toEqual([...partners].sort());
      expect(await typesOf(instance.id)).toEqual([
        'InstanceCreated',
        'InstanceOrganizationAuthorized',
        'InstanceOrganizationAuthorized',
      ]);
    });

    it('unauthorizes idempotently: 204 twice, one event, also for an organization never authorized', async () => {
      const { owner, organizationId, instance } = await team();
      const partner = (await receivingTeam(owner, 'Partner')).organizationId;
      expect((await authorize(owner, organizationId, instance.id, partner)).status).toBe(204);
      expect((await unauthorize(owner, organizationId, instance.id, partner)).status).toBe(204);
      expect((await unauthorize(owner, organizationId, instance.id, partner)).status).toBe(204);
      expect((await unauthorize(owner, organizationId, instance.id, randomUUID())).status).toBe(204);
      expect((await get(owner, organizationId, instance.id)).body.authorized_organization_ids).toBeUndefined();
      expect(await typesOf(instance.id)).toEqual([
        'InstanceCreated',
        'InstanceOrganizationAuthorized',
        'InstanceOrganizationUnauthorized',
      ]);
    });

    it('lets members of an authorized organization read it through their path, not list it; owner-only details stay hidden', async () => {
      const { owner, organizationId, instance } = await team();
      const partner = await receivingTeam(owner, 'Partner');
      const third = (await receivingTeam(owner, 'Third')).organizationId;
      await authorize(owner, organizationId, instance.id, partner.organizationId);
      await authorize(owner, organizationId, instance.id, third);

      for (const who of [partner.owner, partner.member]) {
        const response = await get(who, partner.organizationId, instance.id);
        expect(response.status).toBe(200);
        expect(response.body['@id']).toBe(path(partner.organizationId, instance.id));
        expect(response.body).toMatchObject({ id: instance.id, organization_id: organizationId });
        expect(response.body.authorized_organization_ids).toBeUndefined();
      }
      expect((await list(partner.owner, partner.organizationId)).body.member.map((m: any) => m.id)).toEqual([
        partner.instance.id,
      ]);
      // Reading is all: the owner's operations stay the owner's.
      expect((await patch(partner.owner, partner.organizationId, instance.id, { name: 'X' })).status).toBe(404);
      expect((await remove(partner.owner, partner.organizationId, instance.id)).status).toBe(404);
      expect((await authorize(partner.owner, partner.organizationId, instance.id, third)).status).toBe(404);
      expect(
        (
          await transfer(partner.owner, partner.organizationId, instance.id, {
            organization_id: partner.organizationId,
          })
        ).status,
      ).toBe(404);
      // An outsider to both organizations still sees nothing.
      expect((await get(outsider, partner.organizationId, instance.id)).status).toBe(403);

      expect((await unauthorize(owner, organizationId, instance.id, partner.organizationId)).status).toBe(204);
      expect((await get(partner.member, partner.organizationId, instance.id)).status).toBe(404);
    });

    it('answers 422 for the owner itself or an organization that does not exist', async () => {
      const { owner, organizationId, instance } = await team();
      for (const target of [organizationId, randomUUID()]) {
        expectViolation(
          await authorize(owner, organizationId, instance.id, target),
          'authorized_organization_ids',
          VIOLATION_CODE.invalidChoice,
        );
      }
      expect(await typesOf(instance.id)).toEqual(['InstanceCreated']);
    });

    it.each(['member', 'outsider'] as const)('answers 403 to a %s for PUT and DELETE', async (who) => {
      const world = await team();
      const partner = (await team('Partner')).organizationId;
      const caller = who === 'member' ? world.member : outsider;
      const detail = 'Only organization owners can manage who may be given an instance.';
      expectForbidden(await authorize(caller, world.organizationId, world.instance.id, partner), detail);
      expectForbidden(await unauthorize(caller, world.organizationId, world.instance.id, partner), detail);
      expect(await typesOf(world.instance.id)).toEqual(['InstanceCreated']);
    });

    it("answers 404 for another organization's instance and for non-UUID ids", async () => {
      const mine = await team();
      const theirs = await team('Other');
      for (const send of [authorize, unauthorize]) {
        expect((await send(mine.owner, mine.organizationId, theirs.instance.id, theirs.organizationId)).status).toBe(
          404,
        );
        expect((await send(mine.owner, mine.organizationId, randomUUID(), theirs.organizationId)).status).toBe(404);
        expect((await send(mine.owner, mine.organizationId, 'nope', theirs.organizationId)).status).toBe(404);
        expect((await send(mine.owner, mine.organizationId, mine.instance.id, 'nope')).status).toBe(404);
      }
    });

    it('refuses an organization the caller does not own exactly as one that does not exist (consent; existence not revealed)', async () => {
      const { owner, organizationId, instance } = await team();
      const victim = await team('Victim');
      const unknown = await authorize(owner, organizationId, instance.id, randomUUID());
      const unconsenting = await authorize(owner, organizationId, instance.id, victim.organizationId);
      expect(unconsenting.status).toBe(422);
      expect({ status: unconsenting.status, body: unconsenting.body }).toEqual({
        status: unknown.status,
        body: unknown.body,
      });
      // A member (not an owner) of the receiving organization cannot consent for it either.
      await t.api.addMember(victim.owner, victim.organizationId, owner, 'member');
      expect((await authorize(owner, organizationId, instance.id, victim.organizationId)).body).toEqual(unknown.body);
      // Nothing was pushed: the victim's organization can still be deleted.
      expect(await typesOf(instance.id)).toEqual(['InstanceCreated']);
      expect((await deleteOrganization(victim.owner, victim.organizationId)).status).toBe(403);
      expect((await remove(victim.owner, victim.organizationId, victim.instance.id)).status).toBe(204);
      expect((await deleteOrganization(victim.owner, victim.organizationId)).status).toBe(204);
    });

    it('forgets the authorization of an organization that is deleted', async () => {
      const { owner, organizationId, instance } = await team();
      const partner = await t.api.createPartner();
      const partnerOrganization = await t.api.createOrganization(partner);
      await t.api.addMember(partner, partnerOrganization, owner, 'owner');
      expect((await authorize(owner, organizationId, instance.id, partnerOrganization)).status).toBe(204);
      expect((await deleteOrganization(partner, partnerOrganization)).status).toBe(204);
      expect((await get(owner, organizationId, instance.id)).body.authorized_organization_ids).toBeUndefined();
    });
  });

  describe('POST /api/organizations/{organizationId}/instances/{instanceId}/transfer', () => {
    it('transfers to an authorized organization: 200 as the new owner sees it, one InstanceTransferred', async () => {
      const { owner, member, organizationId, instance } = await team();
      const target = await receivingTeam(owner, 'Target');
      await authorize(owner, organizationId, instance.id, target.organizationId);

      const response = await transfer(owner, organizationId, instance.id, { organization_id: target.organizationId });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        '@id': path(target.organizationId, instance.id),
        id: instance.id,
        handle: instance.handle,
        name: instance.name,
        organization_id: target.organizationId,
        created_by_organization_id: organizationId,
        created_at: instance.created_at,
      });
      // The new owner is no longer an "authorized" organization, and the former owner is not one.
      expect(response.body.authorized_organization_ids).toBeUndefined();
      expect((await get(target.member, target.organizationId, instance.id)).body).toEqual(response.body);
      expect((await list(target.owner, target.organizationId)).body.member.map((m: any) => m.id)).toContain(
        instance.id,
      );

      // The former owner lost access.
      expect((await get(owner, organizationId, instance.id)).status).toBe(404);
      expect((await get(member, organizationId, instance.id)).status).toBe(404);
      expect((await list(owner, organizationId)).body.totalItems).toBe(0);
      expect((await patch(owner, organizationId, instance.id, { name: 'Mine' })).status).toBe(404);

      const events = await eventsOf(instance.id);
      expect(events.map((event) => event.type)).toEqual([
        'InstanceCreated',
        'InstanceOrganizationAuthorized',
        'InstanceTransferred',
      ]);
      expect(events[2]).toMatchObject({
        organization_id: organizationId,
        payload: { from_organization_id: organizationId, to_organization_id: target.organizationId },
      });
    });

    it('lets the former owner read it again once the new owner authorizes it in turn', async () => {
      const { owner, organizationId, instance } = await team();
      const target = await receivingTeam(owner, 'Target');
      await authorize(owner, organizationId, instance.id, target.organizationId);
      expect(
        (await transfer(owner, organizationId, instance.id, { organization_id: target.organizationId })).status,
      ).toBe(200);
      // The new owner offers it back; the former owner's organization consents through its owner.
      await t.api.addMember(owner, organizationId, target.owner, 'owner');
      expect((await authorize(target.owner, target.organizationId, instance.id, organizationId)).status).toBe(204);
      const response = await get(owner, organizationId, instance.id);
      expect(response.status).toBe(200);
      expect(response.body.organization_id).toBe(target.organizationId);
      // And the new owner can give it back.
      const back = await transfer(target.owner, target.organizationId, instance.id, {
        organization_id: organizationId,
      });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ organization_id: organizationId, created_by_organization_id: organizationId });
    });

    it('refuses a transfer once the caller no longer owns the authorized target (consent is checked again)', async () => {
      const { owner, organizationId, instance } = await team();
      const target = await receivingTeam(owner, 'Target');
      expect((await authorize(owner, organizationId, instance.id, target.organizationId)).status).toBe(204);
      await t.api.changeRole(target.owner, target.organizationId, owner, 'member');
      const response = await transfer(owner, organizationId, instance.id, { organization_id: target.organizationId });
      expectViolation(response, 'organization_id', VIOLATION_CODE.invalidChoice);
      expect((await get(owner, organizationId, instance.id)).body.organization_id).toBe(organizationId);
    });

    it.each([
      ['an organization that is not authorized', async () => (await team('Stranger')).organizationId],
      ['the current owner', async () => undefined],
      ['an organization that does not exist', async () => randomUUID()],
      ['an id that is not a UUID', async () => 'not-an-organization'],
    ])('answers 422 on organization_id for %s, and changes nothing', async (_label, targetOf) => {
      const { owner, organizationId, instance } = await team();
      const target = (await targetOf()) ?? organizationId;
      const response = await transfer(owner, organizationId, instance.id, { organization_id: target });
      expectViolation(response, 'organization_id', VIOLATION_CODE.invalidChoice);
      expect(response.body.violations[0].message).toBe(
        'The instance can only be transferred to one of its authorized organizations, other than its current owner, that you are an owner of too. Authorize the organization first.',
      );
      expect((await get(owner, organizationId, instance.id)).body.organization_id).toBe(organizationId);
      expect(await typesOf(instance.id)).toEqual(['InstanceCreated']);
    });

    it('answers 422 for a missing target, 400 for a wrong type, 415 for an unsupported body type', async () => {
      const { owner, organizationId, instance } = await team();
      expectViolation(
        await transfer(owner, organizationId, instance.id, {}),
        'organization_id',
        VIOLATION_CODE.notBlank,
      );
      expect((await transfer(owner, organizationId, instance.id, { organization_id: 7 })).status).toBe(400);
      const wrongType = await t.api.request('POST', `${path(organizationId, instance.id)}/transfer`, {
        key: owner.apiKey,
        rawBody: JSON.stringify({ organization_id: randomUUID() }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(wrongType.status).toBe(415);
    });

    it.each(['member', 'outsider'] as const)('answers 403 to a %s and transfers nothing', async (who) => {
      const world = await team();
      const target = (await receivingTeam(world.owner, 'Target')).organizationId;
      await authorize(world.owner, world.organizationId, world.instance.id, target);
      const caller = who === 'member' ? world.member : outsider;
      expectForbidden(
        await transfer(caller, world.organizationId, world.instance.id, { organization_id: target }),
        'Only organization owners can transfer instances.',
      );
      expect((await get(world.owner, world.organizationId, world.instance.id)).body.organization_id).toBe(
        world.organizationId,
      );
    });

    it("answers 404 for another organization's instance and for non-UUID ids", async () => {
      const mine = await team();
      const theirs = await team('Other');
      const body = { organization_id: mine.organizationId };
      expect((await transfer(mine.owner, mine.organizationId, theirs.instance.id, body)).status).toBe(404);
      expect((await transfer(mine.owner, mine.organizationId, 'nope', body)).status).toBe(404);
      expect((await transfer(mine.owner, 'nope', mine.instance.id, body)).status).toBe(404);
    });
  });

  describe('DELETE /api/organizations/{organizationId} while it owns instances', () => {
    it('answers 403 while it owns an instance, 204 once that instance is transferred', async () => {
      const { owner, organizationId, instance } = await team();
      const target = await receivingTeam(owner, 'Target');
      const refused = await deleteOrganization(owner, organizationId);
      expectForbidden(
        refused,
        'The organization still owns instances. Transfer or delete them before deleting the organization.',
      );
      expect((await get(owner, organizationId, instance.id)).status).toBe(200);

      await authorize(owner, organizationId, instance.id, target.organizationId);
      expect(
        (await transfer(owner, organizationId, instance.id, { organization_id: target.organizationId })).status,
      ).toBe(200);
      expect((await deleteOrganization(owner, organizationId)).status).toBe(204);
      // The instance lives on with its new owner; its creator is still on record.
      const kept = await get(target.owner, target.organizationId, instance.id);
      expect(kept.body).toMatchObject({
        organization_id: target.organizationId,
        created_by_organization_id: organizationId,
      });
    });

    it('answers 204 once its instances are deleted, and their handles stay reserved', async () => {
      const { owner, organizationId, instance } = await team();
      expect((await deleteOrganization(owner, organizationId)).status).toBe(403);
      expect((await remove(owner, organizationId, instance.id)).status).toBe(204);
      expect((await deleteOrganization(owner, organizationId)).status).toBe(204);
      const elsewhere = await t.api.createOrganization(owner);
      const reuse = await t.api.post(`/api/organizations/${elsewhere}/instances`, owner.apiKey, {
        name: 'Again',
        handle: instance.handle,
      });
      expectViolation(reuse, 'handle', VIOLATION_CODE.alreadyUsed);
    });

    it('refuses, in the database, a delete that raced a create: the create commits first, the delete fails', async () => {
      const owner = await t.api.createPartner();
      const organizationId = await t.api.createOrganization(owner);
      const creating = db.createQueryRunner();
      const deleting = db.createQueryRunner();
      try {
        await creating.startTransaction();
        await creating.query(
          `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
           VALUES ($1, $2, $2, 'Racing', $3, now(), now())`,
          [randomUUID(), organizationId, randomHandle()],
        );
        // The delete checks for instances before the create commits; it must wait for it, then refuse.
        const deletion = deleting.query('DELETE FROM organizations WHERE id = $1', [organizationId]).then(
          () => 'deleted',
          (error: { driverError?: { code?: string; constraint?: string } }) =>
            `${error.driverError?.code} ${error.driverError?.constraint}`,
        );
        await waitForLockWaiters({ matching: '^DELETE FROM organizations' });
        await creating.commitTransaction();
        expect(await deletion).toBe('23503 instances_organization_fk');
      } finally {
        await creating.release();
        await deleting.release();
      }
      expect((await list(owner, organizationId)).body.totalItems).toBe(1);
    });
  });

  describe('creating in an organization deleted meanwhile', () => {
    it('fails with "organization not found", not a server error', async () => {
      const created = Instance.create(
        { organizationId: randomUUID(), name: 'Orphan', handle: randomHandle() },
        new ViolationList(),
      )!;
      await expect(t.app.get(InstanceRepository).add(created)).rejects.toMatchObject({
        code: 'organization_not_found',
      });
      expect(await db.query('SELECT id FROM instances WHERE id = $1', [created.id])).toEqual([]);
    });
  });

  describe('concurrency', () => {
    it('serializes racing renames and transfers: one consistent row, one event per applied change', async () => {
      const { owner, organizationId, instance } = await team();
      const targets = [
        (await receivingTeam(owner, 'T1')).organizationId,
        (await receivingTeam(owner, 'T2')).organizationId,
      ];
      for (const target of targets) await authorize(owner, organizationId, instance.id, target);
      const renames = Array.from({ length: 8 }, (_, i) => `Name ${i}`);

      const responses = await Promise.all([
        ...renames.map((name) => patch(owner, organizationId, instance.id, { name })),
        ...targets.map((target) => transfer(owner, organizationId, instance.id, { organization_id: target })),
      ]);
      const renameResponses = responses.slice(0, renames.length);
      const transferResponses = responses.slice(renames.length);
      // Every request either applied (200) or found the instance gone from this organization (404).
      for (const response of responses) expect([200, 404]).toContain(response.status);
      expect(transferResponses.filter((r) => r.status === 200)).toHaveLength(1);
      const newOwner = transferResponses.find((r) => r.status === 200)!.body.organization_id;

      const [row] = await db.query('SELECT organization_id, name, handle FROM instances WHERE id = $1', [instance.id]);
      expect(row.organization_id).toBe(newOwner);
      expect(row.handle).toBe(instance.handle);

      const events = await eventsOf(instance.id);
      const renamed = events.filter((event) => event.type === 'InstanceRenamed');
      expect(renamed).toHaveLength(renameResponses.filter((r) => r.status === 200).length);
      expect(events.filter((event) => event.type === 'InstanceTransferred')).toHaveLength(1);
      // The renames form one chain from the original name to the stored one: none saw a stale name.
      let name = 'Original';
      const next = new Map(renamed.map((event) => [event.payload.previous_name, event.payload.name]));
      for (let i = 0; i < renamed.length; i++) name = next.get(name);
      expect(name).toBe(row.name);
    });

    it('lets exactly one of two racing transfers apply', async () => {
      const { owner, organizationId, instance } = await team();
      const target = (await receivingTeam(owner, 'Target')).organizationId;
      await authorize(owner, organizationId, instance.id, target);
      const statuses = (
        await Promise.all(
          Array.from({ length: 4 }, () => transfer(owner, organizationId, instance.id, { organization_id: target })),
        )
      ).map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 404)).toHaveLength(3);
      expect((await typesOf(instance.id)).filter((type) => type === 'InstanceTransferred')).toHaveLength(1);
    });
  });

  describe('events reach other modules (instance-activity)', () => {
    it('counts renames, transfers out and in, and deletions per organization', async () => {
      const { owner, organizationId, instance } = await team();
      const target = await receivingTeam(owner, 'Target');
      const stats = async (who: TestPartner, orgId: string) =>
        (await t.api.get(`/api/organizations/${orgId}/instance-stats`, who.apiKey)).body;

      expect((await patch(owner, organizationId, instance.id, { name: 'Renamed' })).status).toBe(200);
      await authorize(owner, organizationId, instance.id, target.organizationId);
      await transfer(owner, organizationId, instance.id, { organization_id: target.organizationId });
      expect((await remove(target.owner, target.organizationId, instance.id)).status).toBe(204);

      const source = await eventually(
        () => stats(owner, organizationId),
        (body) => body.instances_transferred_out === 1,
      );
      expect(source).toMatchObject({
        instances_created: 1,
        instances_renamed: 1,
        instances_transferred_in: 0,
        instances_transferred_out: 1,
        instances_deleted: 0,
      });
      const destination = await eventually(
        () => stats(target.owner, target.organizationId),
        (body) => body.instances_deleted === 1,
      );
      expect(destination).toMatchObject({
        instances_created: 1,
        instances_renamed: 0,
        instances_transferred_in: 1,
        instances_transferred_out: 0,
        instances_deleted: 1,
      });

      // At-least-once: a redelivered transfer still counts once for each organization.
      const [transferEvent] = await db.query(
        "SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'InstanceTransferred'",
        [instance.id],
      );
      await redeliver(db, 'instance-activity', transferEvent.id);
      await t.app.get(OutboxRelay).drain();
      await eventually(
        () => undeliveredCount(db, 'instance-activity', 'e.aggregate_id = $2', [instance.id]),
        (n) => n === 0,
      );
      // Delivered means handled: a delivery is marked only after the handler committed.
      expect((await stats(owner, organizationId)).instances_transferred_out).toBe(1);
      expect((await stats(target.owner, target.organizationId)).instances_transferred_in).toBe(1);
    });
  });
});
