import pg from 'pg';
import { DataSource } from 'typeorm';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomHandle, randomLetters } from '../support/handles.js';
import { integrationToken } from '../support/integration-token.js';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app.js';
import { world } from '../support/world.js';

/**
 * The tenant-isolation matrix (OWASP API1/API5): every endpoint x every kind of caller x every
 * target, each cell with its expected status, and no response (success or error) carrying another
 * organization's data. A new endpoint is one row of ENDPOINTS.
 *
 * Callers: no key, a revoked key (used just before, so it sat in the key cache), a wrong key, a
 * partner that is not a member, a member, an owner, the admin key on partner routes; on admin
 * routes the three partners' keys are "a partner key on admin routes". Integration tokens of A:
 * one holding every scope but for operations no scope covers, one with `instances:read` only,
 * and one of a revoked integration (used just before, so its status sat in the cache).
 * Targets: the caller's own organization (A), another organization (B), and B's resource addressed
 * through A's path ("crossed").
 */

type Actor =
  | 'no key'
  | 'revoked key'
  | 'wrong key'
  | 'non-member'
  | 'member'
  | 'owner'
  | 'admin key'
  | 'integration token'
  | 'read-only token'
  | 'revoked token';
type Target = 'own' | 'other' | 'crossed';
type Access = 'public' | 'any partner' | 'member' | 'owner' | 'admin';

interface World {
  owner: TestPartner;
  member: TestPartner;
  nonMember: TestPartner;
  foreignOwner: TestPartner;
  foreignMember: TestPartner;
  revokedKey: string;
  tokens: { full: string; readOnly: string; revoked: string };
  /** B's integration, a target of the integration rows. */
  otherIntegrationId: string;
  /** Ids, names, client ids and emails of the integrations and invitations the cells created in B. */
  secondaryDataInOther: string[];
  own: { id: string; name: string; instanceId: string };
  other: { id: string; name: string; instanceIds: string[]; names: string[]; handles: string[] };
  /** Partners the cells added to B as members (by B's owner), so that they can be targeted. */
  addedToOther: string[];
  /** Instances the cells created in B (by B's owner) as targets: their data is B's too. */
  createdInOther: { id: string; name: string; handle: string }[];
  /**
   * Organizations to authorize or transfer to, which consent: A's owner is an owner of
   * `elsewhereId` (created by the non-member), B's owner of `foreignElsewhereId` (its own).
   */
  elsewhereId: string;
  foreignElsewhereId: string;
}

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

interface Endpoint {
  route: string;
  access: Access;
  /** The scope a restricted caller needs; none: only unrestricted partner keys may call it. */
  scope?: string;
  /** The "own" target is a fresh organization of A's partners, not A: foreign to A's tokens. */
  ownIsFresh?: boolean;
  /**
   * Needs the caller to be a partner even with the scope: the receiving organization's consent is
   * its owner's, and an integration owns nothing but its own organization.
   */
  partnerOnly?: boolean;
  /** Status when the caller may do it. */
  ok: number;
  /** Status for a caller with enough rights who addresses B's resource through A's path. */
  crossed?: number;
  targets: Target[];
  /** The request for one cell; may build fresh resources first (through the API, as their owners). */
  call(world: World, target: Target, t: TestApp): Promise<Call> | Call;
  /** Further checks on a successful answer (e.g. totalItems counts only the caller's data). */
  verify?(response: ApiResponse, world: World, actor: Actor, db: DataSource): Promise<void>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const ACTORS: Actor[] = [
  'no key',
  'revoked key',
  'wrong key',
  'non-member',
  'member',
  'owner',
  'admin key',
  'integration token',
  'read-only token',
  'revoked token',
];
const TOKEN_SCOPES: Partial<Record<Actor, string[]>> = {
  'integration token': ['organizations:read', 'organizations:write', 'instances:read', 'instances:write'],
  'read-only token': ['instances:read'],
};

const orgOf = (world: World, target: Target) => (target === 'other' ? world.other.id : world.own.id);
/** The consenting organization the real owner of `target`'s instance may authorize. */
const elsewhereOf = (world: World, target: Target) => (target === 'own' ? world.elsewhereId : world.foreignElsewhereId);

async function freshPartner(t: TestApp): Promise<TestPartner> {
  return t.api.createPartner('Bystander');
}

async function issueKey(t: TestApp, partnerId: string): Promise<string> {
  const response = await t.api.post(`/api/admin/partners/${partnerId}/keys`, TEST_ADMIN_KEY);
  if (response.status !== 201) throw new Error(`issueKey: ${response.status} ${response.text}`);
  return response.body.id;
}

/** A fresh instance in A (by A's owner) or in B (by B's owner, remembered as B's data). */
async function freshInstance(t: TestApp, world: World, inOther: boolean): Promise<string> {
  const owner = inOther ? world.foreignOwner : world.owner;
  const organizationId = inOther ? world.other.id : world.own.id;
  const body = {
    name: `${inOther ? 'Foreign target' : 'Own target'} ${randomLetters(8)}`,
    handle: randomHandle('target'),
  };
  const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, body);
  if (response.status !== 201) throw new Error(`freshInstance: ${response.status} ${response.text}`);
  if (inOther) world.createdInOther.push({ id: response.body.id, ...body });
  return response.body.id;
}

/** The path of a fresh instance: A's own, B's, or B's through A's path ("crossed"). */
async function freshInstancePath(t: TestApp, world: World, target: Target): Promise<string> {
  const id = await freshInstance(t, world, target !== 'own');
  return `/api/organizations/${orgOf(world, target)}/instances/${id}`;
}

/** A fresh instance's path for `target`, whose real owner has already authorized `elsewhereOf(target)`. */
async function authorizedInstancePath(t: TestApp, world: World, target: Target): Promise<string> {
  const path = await freshInstancePath(t, world, target);
  const owner = target === 'own' ? world.owner : world.foreignOwner;
  const ownPath = target === 'crossed' ? path.replace(world.own.id, world.other.id) : path;
  const authorized = await t.api.request('PUT', `${ownPath}/authorized-organizations/${elsewhereOf(world, target)}`, {
    key: owner.apiKey,
  });
  if (authorized.status !== 204) throw new Error(`authorize: ${authorized.status} ${authorized.text}`);
  return path;
}

/** A fresh integration's path: A's own, B's, or B's through A's path ("crossed"). */
async function integrationPath(t: TestApp, world: World, target: Target): Promise<string> {
  const owner = target === 'own' ? world.owner : world.foreignOwner;
  const organizationId = target === 'own' ? world.own.id : world.other.id;
  const created = await t.api.post(`/api/organizations/${organizationId}/integrations`, owner.apiKey, {
    name: `Target ${randomLetters(8)}`,
    scopes: ['instances:read'],
  });
  if (created.status !== 201) throw new Error(`integrationPath: ${created.status} ${created.text}`);
  if (target !== 'own') world.secondaryDataInOther.push(created.body.id, created.body.name, created.body.client_id);
  return `/api/organizations/${orgOf(world, target)}/integrations/${created.body.id}`;
}

async function countOf(db: DataSource, sql: string, parameters: unknown[]): Promise<number> {
  const [row] = await db.query(sql, parameters);
  return Number(row.count);
}

export const ENDPOINTS: Endpoint[] = [
  {
    route: 'POST /api/organizations',
    access: 'any partner',
    ok: 201,
    targets: ['own'],
    call: () => ({ method: 'POST', path: '/api/organizations', body: { name: 'Matrix organization' } }),
  },
  {
    route: 'GET /api/organizations',
    scope: 'organizations:read',
    access: 'any partner',
    ok: 200,
    targets: ['own'],
    call: () => ({ method: 'GET', path: '/api/organizations?itemsPerPage=100' }),
    async verify(response, world, actor, db) {
      const partner = actor === 'owner' ? world.owner : actor === 'member' ? world.member : world.nonMember;
      const mine = await countOf(db, 'SELECT count(*) FROM memberships WHERE partner_id = $1', [partner.id]);
      expect(response.body.totalItems).toBe(mine);
    },
  },
  {
    route: 'GET /api/organizations/{organizationId}',
    scope: 'organizations:read',
    access: 'member',
    ok: 200,
    targets: ['own', 'other'],
    call: (world, target) => ({ method: 'GET', path: `/api/organizations/${orgOf(world, target)}` }),
  },
  {
    route: 'PATCH /api/organizations/{organizationId}',
    scope: 'organizations:write',
    access: 'owner',
    ok: 200,
    targets: ['own', 'other'],
    // The owner "renames" A to its own name, so later cells see A unchanged; B must never change.
    call: (world, target) => ({
      method: 'PATCH',
      path: `/api/organizations/${orgOf(world, target)}`,
      body: { name: world.own.name },
    }),
  },
  {
    route: 'DELETE /api/organizations/{organizationId}',
    scope: 'organizations:write',
    ownIsFresh: true,
    access: 'owner',
    ok: 204,
    targets: ['own', 'other'],
    // A fresh organization per cell, with A's roles (or B's owner), and no instances.
    async call(world, target, t) {
      const owner = target === 'other' ? world.foreignOwner : world.owner;
      const id = await t.api.createOrganization(owner, 'Short-lived');
      if (target === 'own') await t.api.addMember(world.owner, id, world.member, 'member');
      return { method: 'DELETE', path: `/api/organizations/${id}` };
    },
  },
  {
    route: 'PUT /api/organizations/{organizationId}/members/{partnerId}',
    scope: 'organizations:write',
    access: 'owner',
    ok: 200,
    // B's member is no member of A: it must be invited, not promoted, whoever asks.
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    // A fresh member (invited and accepted, the consent joining takes), promoted to owner.
    async call(world, target, t) {
      if (target === 'crossed') {
        return {
          method: 'PUT',
          path: `/api/organizations/${world.own.id}/members/${world.foreignMember.id}`,
          body: { role: 'owner' },
        };
      }
      const partner = await freshPartner(t);
      const organization = orgOf(world, target);
      if (target === 'other') world.addedToOther.push(partner.id);
      await t.api.addMember(target === 'other' ? world.foreignOwner : world.owner, organization, partner, 'member');
      return {
        method: 'PUT',
        path: `/api/organizations/${organization}/members/${partner.id}`,
        body: { role: 'owner' },
      };
    },
  },
  {
    route: 'DELETE /api/organizations/{organizationId}/members/{partnerId}',
    scope: 'organizations:write',
    access: 'owner',
    ok: 204,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    async call(world, target, t) {
      if (target === 'crossed') {
        return { method: 'DELETE', path: `/api/organizations/${world.own.id}/members/${world.foreignMember.id}` };
      }
      const partner = await freshPartner(t);
      const organization = orgOf(world, target);
      if (target === 'other') world.addedToOther.push(partner.id);
      await t.api.addMember(target === 'other' ? world.foreignOwner : world.owner, organization, partner, 'member');
      return { method: 'DELETE', path: `/api/organizations/${organization}/members/${partner.id}` };
    },
  },
  {
    route: 'POST /api/organizations/{organizationId}/instances',
    scope: 'instances:write',
    access: 'owner',
    ok: 201,
    targets: ['own', 'other'],
    call: (world, target) => ({
      method: 'POST',
      path: `/api/organizations/${orgOf(world, target)}/instances`,
      body: { name: 'Matrix instance', handle: randomHandle('matrix') },
    }),
  },
  {
    route: 'GET /api/organizations/{organizationId}/instances',
    scope: 'instances:read',
    access: 'member',
    ok: 200,
    targets: ['own', 'other'],
    call: (world, target) => ({
      method: 'GET',
      path: `/api/organizations/${orgOf(world, target)}/instances?itemsPerPage=100`,
    }),
    async verify(response, world, _actor, db) {
      const mine = await countOf(
        db,
        'SELECT count(*) FROM instances WHERE organization_id = $1 AND deleted_at IS NULL',
        [world.own.id],
      );
      expect(response.body.totalItems).toBe(mine);
      for (const item of response.body.member) expect(item.organization_id).toBe(world.own.id);
    },
  },
  {
    route: 'GET /api/organizations/{organizationId}/instances/{instanceId}',
    scope: 'instances:read',
    access: 'member',
    ok: 200,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    call: (world, target) => ({
      method: 'GET',
      path:
        target === 'own'
          ? `/api/organizations/${world.own.id}/instances/${world.own.instanceId}`
          : `/api/organizations/${orgOf(world, target)}/instances/${world.other.instanceIds[0]}`,
    }),
  },
  {
    route: 'PATCH /api/organizations/{organizationId}/instances/{instanceId}',
    scope: 'instances:write',
    access: 'owner',
    ok: 200,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    call: async (world, target, t) => ({
      method: 'PATCH',
      path: await freshInstancePath(t, world, target),
      body: { name: 'Renamed by the matrix' },
    }),
  },
  {
    route: 'DELETE /api/organizations/{organizationId}/instances/{instanceId}',
    scope: 'instances:write',
    access: 'owner',
    ok: 204,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    call: async (world, target, t) => ({ method: 'DELETE', path: await freshInstancePath(t, world, target) }),
  },
  {
    route: 'PUT /api/organizations/{organizationId}/instances/{instanceId}/authorized-organizations/{id}',
    scope: 'instances:write',
    partnerOnly: true,
    access: 'owner',
    ok: 204,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    call: async (world, target, t) => ({
      method: 'PUT',
      path: `${await freshInstancePath(t, world, target)}/authorized-organizations/${elsewhereOf(world, target)}`,
    }),
  },
  {
    route: 'DELETE /api/organizations/{organizationId}/instances/{instanceId}/authorized-organizations/{id}',
    scope: 'instances:write',
    access: 'owner',
    ok: 204,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    async call(world, target, t) {
      // Authorized by its real owner first, so that a withdrawal has something to withdraw.
      const path = await authorizedInstancePath(t, world, target);
      return { method: 'DELETE', path: `${path}/authorized-organizations/${elsewhereOf(world, target)}` };
    },
  },
  {
    route: 'POST /api/organizations/{organizationId}/instances/{instanceId}/transfer',
    scope: 'instances:write',
    partnerOnly: true,
    access: 'owner',
    ok: 200,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    async call(world, target, t) {
      // Only an authorized organization can receive the instance.
      const path = await authorizedInstancePath(t, world, target);
      return { method: 'POST', path: `${path}/transfer`, body: { organization_id: elsewhereOf(world, target) } };
    },
  },
  {
    route: 'GET /api/organizations/{organizationId}/instance-stats',
    scope: 'instances:read',
    access: 'member',
    ok: 200,
    targets: ['own', 'other'],
    call: (world, target) => ({ method: 'GET', path: `/api/organizations/${orgOf(world, target)}/instance-stats` }),
  },
  {
    route: 'POST /api/organizations/{organizationId}/integrations',
    access: 'owner',
    ok: 201,
    targets: ['own', 'other'],
    call: (world, target) => ({
      method: 'POST',
      path: `/api/organizations/${orgOf(world, target)}/integrations`,
      body: { name: 'Matrix integration', scopes: ['instances:read'] },
    }),
  },
  {
    route: 'GET /api/organizations/{organizationId}/integrations',
    access: 'owner',
    ok: 200,
    targets: ['own', 'other'],
    call: (world, target) => ({ method: 'GET', path: `/api/organizations/${orgOf(world, target)}/integrations` }),
    async verify(response, world, _actor, db) {
      const mine = await countOf(
        db,
        'SELECT count(*) FROM integrations WHERE organization_id = $1 AND revoked_at IS NULL',
        [world.own.id],
      );
      expect(response.body.totalItems).toBe(mine);
      expect(response.text).not.toContain('client_secret');
    },
  },
  {
    route: 'GET /api/organizations/{organizationId}/integrations/{integrationId}',
    access: 'owner',
    ok: 200,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    call: async (world, target, t) => ({
      method: 'GET',
      path: await integrationPath(t, world, target),
    }),
  },
  {
    route: 'POST /api/organizations/{organizationId}/integrations/{integrationId}/rotate-secret',
    access: 'owner',
    ok: 200,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    call: async (world, target, t) => ({
      method: 'POST',
      path: `${await integrationPath(t, world, target)}/rotate-secret`,
    }),
  },
  {
    route: 'DELETE /api/organizations/{organizationId}/integrations/{integrationId}',
    access: 'owner',
    ok: 204,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    call: async (world, target, t) => ({ method: 'DELETE', path: await integrationPath(t, world, target) }),
  },
  {
    route: 'POST /api/organizations/{organizationId}/invitations',
    access: 'owner',
    ok: 201,
    targets: ['own', 'other'],
    call: (world, target) => ({
      method: 'POST',
      path: `/api/organizations/${orgOf(world, target)}/invitations`,
      body: { email: `${randomLetters(12)}@invited.test`, role: 'member' },
    }),
  },
  {
    route: 'GET /api/organizations/{organizationId}/invitations',
    access: 'owner',
    ok: 200,
    targets: ['own', 'other'],
    call: (world, target) => ({ method: 'GET', path: `/api/organizations/${orgOf(world, target)}/invitations` }),
    async verify(response, world) {
      for (const item of response.body.member) expect(item.organization_id).toBe(world.own.id);
    },
  },
  {
    route: 'POST /api/organizations/{organizationId}/invitations/{invitationId}/revoke',
    access: 'owner',
    ok: 200,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    async call(world, target, t) {
      const owner = target === 'own' ? world.owner : world.foreignOwner;
      const organizationId = target === 'own' ? world.own.id : world.other.id;
      const email = `${randomLetters(12)}@invited.test`;
      const created = await t.api.post(`/api/organizations/${organizationId}/invitations`, owner.apiKey, {
        email,
        role: 'member',
      });
      if (created.status !== 201) throw new Error(`invitation: ${created.status} ${created.text}`);
      if (target !== 'own') world.secondaryDataInOther.push(created.body.id, email);
      return {
        method: 'POST',
        path: `/api/organizations/${orgOf(world, target)}/invitations/${created.body.id}/revoke`,
      };
    },
  },
  {
    route: 'GET /api/invitations',
    access: 'any partner',
    ok: 200,
    targets: ['own'],
    call: () => ({ method: 'GET', path: '/api/invitations' }),
  },
  {
    route: 'POST /api/admin/partners',
    access: 'admin',
    ok: 201,
    targets: ['own'],
    call: () => ({
      method: 'POST',
      path: '/api/admin/partners',
      body: { name: 'Matrix partner', email: `${randomLetters(12)}@partners.test` },
    }),
  },
  {
    route: 'POST /api/admin/partners/{partnerId}/keys',
    access: 'admin',
    ok: 201,
    targets: ['own', 'other'],
    call: (world, target) => ({
      method: 'POST',
      path: `/api/admin/partners/${target === 'other' ? world.foreignOwner.id : world.owner.id}/keys`,
    }),
  },
  {
    route: 'DELETE /api/admin/partners/{partnerId}/keys/{keyId}',
    access: 'admin',
    ok: 204,
    crossed: 404,
    targets: ['own', 'other', 'crossed'],
    // A fresh key per cell; "crossed" names B's owner's key under A's owner.
    async call(world, target, t) {
      const holder = target === 'own' ? world.owner : world.foreignOwner;
      const keyId = await issueKey(t, holder.id);
      const partner = target === 'other' ? world.foreignOwner : world.owner;
      return { method: 'DELETE', path: `/api/admin/partners/${partner.id}/keys/${keyId}` };
    },
  },
  {
    route: 'GET /api/contexts/{type}',
    access: 'public',
    ok: 200,
    targets: ['own'],
    call: () => ({ method: 'GET', path: '/api/contexts/Error' }),
  },
];

/** The status a cell must answer. */
function expectedStatus(endpoint: Endpoint, actor: Actor, target: Target): number {
  if (endpoint.access === 'public') return endpoint.ok;
  if (endpoint.access === 'admin') {
    if (actor !== 'admin key') return 401;
    return target === 'crossed' ? endpoint.crossed! : endpoint.ok;
  }
  if (['no key', 'revoked key', 'wrong key', 'admin key', 'revoked token'].includes(actor)) return 401;
  const granted = TOKEN_SCOPES[actor];
  if (granted) {
    // Scopes first; then A's owner role within A only (partner-wide operations are not a token's).
    if (!endpoint.scope || !granted.includes(endpoint.scope) || endpoint.access === 'any partner') return 403;
    if (target === 'other' || endpoint.ownIsFresh || endpoint.partnerOnly) return 403;
    return target === 'crossed' ? endpoint.crossed! : endpoint.ok;
  }
  if (endpoint.access === 'any partner') return endpoint.ok;
  // Partners are never members of B; A's non-member is no member of anything here.
  if (target === 'other' || actor === 'non-member') return 403;
  if (endpoint.access === 'owner' && actor !== 'owner') return 403;
  return target === 'crossed' ? endpoint.crossed! : endpoint.ok;
}

function keyOf(world: World, actor: Actor): string | undefined {
  switch (actor) {
    case 'no key':
      return undefined;
    case 'revoked key':
      return world.revokedKey;
    case 'wrong key':
      return `ik_${randomLetters(43)}`;
    case 'non-member':
      return world.nonMember.apiKey;
    case 'member':
      return world.member.apiKey;
    case 'owner':
      return world.owner.apiKey;
    case 'admin key':
      return TEST_ADMIN_KEY;
    case 'integration token':
      return world.tokens.full;
    case 'read-only token':
      return world.tokens.readOnly;
    case 'revoked token':
      return world.tokens.revoked;
  }
}

const label = (endpoint: Endpoint, actor: Actor): string =>
  endpoint.access === 'admin' && ['non-member', 'member', 'owner'].includes(actor) ? `${actor} (partner key)` : actor;

const CELLS = ENDPOINTS.flatMap((endpoint) =>
  endpoint.targets.flatMap((target) =>
    ACTORS.map((actor) => ({ endpoint, actor, target, expected: expectedStatus(endpoint, actor, target) })),
  ),
);

describe('tenant isolation matrix', () => {
  let t: TestApp;
  let db: DataSource;
  let world: World;
  /** Everything of B's no response may contain unless the request itself named it. */
  let foreignData: string[];
  const foreignNow = () => [
    ...foreignData,
    ...world.createdInOther.flatMap((i) => [i.id, i.name, i.handle]),
    ...world.secondaryDataInOther,
  ];

  beforeAll(async () => {
    // A long cache TTL: a revoked key must be refused because revocation purges the cache, not
    // because the cached entry happened to expire.
    t = await startTestApp({ AUTH_CACHE_TTL_MS: '60000' });
    db = t.app.get(DataSource);
    const marker = randomLetters(10);
    const [owner, member, nonMember, foreignOwner, foreignMember] = await Promise.all([
      t.api.createPartner('Owner'),
      t.api.createPartner('Member'),
      t.api.createPartner('Non-member'),
      t.api.createPartner(`Foreign owner ${marker}`),
      t.api.createPartner(`Foreign member ${marker}`),
    ]);
    const ownName = `Own ${randomLetters(10)}`;
    const ownId = await t.api.createOrganization(owner, ownName);
    await t.api.addMember(owner, ownId, member, 'member');
    const elsewhereId = await t.api.createOrganization(nonMember, 'Elsewhere');
    // A's owner co-owns it: the consent an authorization needs (the caller owns both organizations).
    await t.api.addMember(nonMember, elsewhereId, owner, 'owner');
    const ownInstance = await t.api.post(`/api/organizations/${ownId}/instances`, owner.apiKey, {
      name: 'Own instance',
      handle: randomHandle('own'),
    });

    const otherName = `Foreign ${marker}`;
    const otherId = await t.api.createOrganization(foreignOwner, otherName);
    const foreignElsewhereId = await t.api.createOrganization(foreignOwner, `Foreign elsewhere ${marker}`);
    await t.api.addMember(foreignOwner, otherId, foreignMember, 'member');
    const others = [];
    for (let i = 0; i < 3; i++) {
      const response = await t.api.post(`/api/organizations/${otherId}/instances`, foreignOwner.apiKey, {
        name: `Foreign instance ${marker} ${i}`,
        handle: randomHandle(`foreign${'x'.repeat(i)}`),
      });
      others.push(response.body as { id: string; name: string; handle: string });
    }

    // A second key of the owner, used (so it is cached), then revoked.
    const issued = await t.api.post(`/api/admin/partners/${owner.id}/keys`, TEST_ADMIN_KEY);
    expect((await t.api.get(`/api/organizations/${ownId}`, issued.body.api_key)).status).toBe(200);
    const revoked = await t.api.request('DELETE', `/api/admin/partners/${owner.id}/keys/${issued.body.id}`, {
      key: TEST_ADMIN_KEY,
    });
    expect(revoked.status).toBe(204);

    const [full, readOnly, revokedToken] = [
      await integrationToken(t, owner, ownId, TOKEN_SCOPES['integration token']!),
      await integrationToken(t, owner, ownId, TOKEN_SCOPES['read-only token']!),
      await integrationToken(t, owner, ownId, ['instances:read']),
    ];
    expect((await t.api.get(`/api/organizations/${ownId}/instances`, revokedToken.token)).status).toBe(200);
    const revokedIntegration = await t.api.request(
      'DELETE',
      `/api/organizations/${ownId}/integrations/${revokedToken.id}`,
      {
        key: owner.apiKey,
      },
    );
    expect(revokedIntegration.status).toBe(204);
    const otherIntegration = await t.api.post(`/api/organizations/${otherId}/integrations`, foreignOwner.apiKey, {
      name: `Foreign integration ${marker}`,
      scopes: ['instances:read'],
    });

    world = {
      owner,
      tokens: { full: full.token, readOnly: readOnly.token, revoked: revokedToken.token },
      otherIntegrationId: otherIntegration.body.id,
      secondaryDataInOther: [],
      member,
      nonMember,
      foreignOwner,
      foreignMember,
      revokedKey: issued.body.api_key,
      addedToOther: [],
      createdInOther: [],
      elsewhereId,
      foreignElsewhereId,
      own: { id: ownId, name: ownName, instanceId: ownInstance.body.id },
      other: {
        id: otherId,
        name: otherName,
        instanceIds: others.map((o) => o.id),
        names: others.map((o) => o.name),
        handles: others.map((o) => o.handle),
      },
    };
    foreignData = [
      otherId,
      foreignElsewhereId,
      otherName,
      marker,
      foreignOwner.id,
      foreignOwner.email,
      foreignMember.id,
      foreignMember.email,
      ...world.other.instanceIds,
      ...world.other.handles,
      otherIntegration.body.id,
      otherIntegration.body.client_id,
      otherIntegration.body.client_secret,
    ];
  });
  afterAll(() => t?.close());

  it.each(
    CELLS.map((cell) => [cell.endpoint.route, label(cell.endpoint, cell.actor), cell.target, cell.expected, cell]),
  )('%s | %s | %s organization -> %i', async (_route, _actor, _target, expected, { endpoint, actor, target }) => {
    const call = await endpoint.call(world, target, t);
    // ApiClient also checks the answer against the OpenAPI document.
    const response = await t.api.request(call.method, call.path, { key: keyOf(world, actor), body: call.body });
    expect({ status: response.status, detail: response.body?.detail }).toMatchObject({ status: expected });

    const named = JSON.stringify(call);
    const leaked = foreignNow().filter((value) => !named.includes(value) && response.text.includes(value));
    expect(leaked).toEqual([]);
    if (response.status === endpoint.ok && endpoint.verify) await endpoint.verify(response, world, actor, db);
  });

  // The same cells with every id of the path in uppercase: the same answer, and no leak in any case.
  it.each(
    CELLS.filter(
      (cell) => ['non-member', 'member', 'owner'].includes(cell.actor) && cell.endpoint.route.includes('{'),
    ).map((cell) => [cell.endpoint.route, label(cell.endpoint, cell.actor), cell.target, cell.expected, cell]),
  )(
    '%s | %s | %s organization, uppercase ids -> %i',
    async (_route, _actor, _target, expected, { endpoint, actor, target }) => {
      const call = await endpoint.call(world, target, t);
      const path = call.path.replace(UUID, (id) => id.toUpperCase());
      const response = await t.api.request(call.method, path, { key: keyOf(world, actor), body: call.body });
      expect({ status: response.status, detail: response.body?.detail }).toMatchObject({ status: expected });

      const named = JSON.stringify(call).toLowerCase();
      const text = response.text.toLowerCase();
      const leaked = foreignNow().filter(
        (value) => !named.includes(value.toLowerCase()) && text.includes(value.toLowerCase()),
      );
      expect(leaked).toEqual([]);
    },
  );

  it("lets an organization authorized for B's instance read it through its own path, and change nothing", async () => {
    const instanceId = await freshInstance(t, world, true);
    // A consents through an owner: B's owner is made one for the authorization, then leaves.
    await t.api.addMember(world.owner, world.own.id, world.foreignOwner, 'owner');
    const authorize = await t.api.request(
      'PUT',
      `/api/organizations/${world.other.id}/instances/${instanceId}/authorized-organizations/${world.own.id}`,
      { key: world.foreignOwner.apiKey },
    );
    expect(authorize.status).toBe(204);
    const leave = await t.api.request('DELETE', `/api/organizations/${world.own.id}/members/${world.foreignOwner.id}`, {
      key: world.foreignOwner.apiKey,
    });
    expect(leave.status).toBe(204);
    const path = `/api/organizations/${world.own.id}/instances/${instanceId}`;
    const read = await t.api.get(path, world.member.apiKey);
    expect(read.status).toBe(200);
    // The owner's view only: the authorized organization does not learn who else is authorized.
    expect(read.body).not.toHaveProperty('authorized_organization_ids');
    const attempts = await Promise.all([
      t.api.request('PATCH', path, { key: world.owner.apiKey, body: { name: 'Taken over' } }),
      t.api.request('DELETE', path, { key: world.owner.apiKey }),
      t.api.request('PUT', `${path}/authorized-organizations/${world.elsewhereId}`, { key: world.owner.apiKey }),
      t.api.request('DELETE', `${path}/authorized-organizations/${world.own.id}`, { key: world.owner.apiKey }),
      t.api.post(`${path}/transfer`, world.owner.apiKey, { organization_id: world.own.id }),
    ]);
    expect(attempts.map((attempt) => attempt.status)).toEqual([404, 404, 404, 404, 404]);
    const after = await t.api.get(
      `/api/organizations/${world.other.id}/instances/${instanceId}`,
      world.foreignOwner.apiKey,
    );
    expect(after.body).toMatchObject({ name: read.body.name, organization_id: world.other.id });
    expect(after.body.authorized_organization_ids).toEqual([world.own.id]);
  });

  it('left the other organization exactly as it was', async () => {
    // Every page: the cells created more than one page of targets in B.
    const listed: Record<string, string>[] = [];
    for (let page = 1; ; page++) {
      const response = await t.api.get(
        `/api/organizations/${world.other.id}/instances?itemsPerPage=100&page=${page}`,
        world.foreignOwner.apiKey,
      );
      listed.push(...response.body.member);
      if (response.body.member.length < 100) break;
    }
    const untouched = [
      ...world.other.instanceIds.map((id, i) => ({ id, name: world.other.names[i], handle: world.other.handles[i] })),
      ...world.createdInOther,
    ];
    const sorted = (items: { id: string }[]) => [...items].sort((x, y) => x.id.localeCompare(y.id));
    expect(sorted(listed.map(({ id, name, handle }) => ({ id, name, handle })))).toEqual(sorted(untouched));
    const organization = await t.api.get(`/api/organizations/${world.other.id}`, world.foreignOwner.apiKey);
    expect(organization.body.name).toBe(world.other.name);
    const members = await db.query('SELECT partner_id, role FROM memberships WHERE organization_id = $1', [
      world.other.id,
    ]);
    expect(members).toHaveLength(2 + world.addedToOther.length);
    expect(members).toEqual(
      expect.arrayContaining([
        { partner_id: world.foreignOwner.id, role: 'owner' },
        { partner_id: world.foreignMember.id, role: 'member' },
      ]),
    );
    // The members the cells added to B were never promoted.
    const added = members.filter((row: { partner_id: string }) => world.addedToOther.includes(row.partner_id));
    expect(added.every((row: { role: string }) => row.role === 'member')).toBe(true);
  });
});

describe('revocation and membership changes take effect at once, caches included', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_CACHE_TTL_MS: '60000' });
  });
  afterAll(() => t?.close());

  it('refuses a key on the very next request after its revocation, though it was cached', async () => {
    const partner = await t.api.createPartner('Revoked');
    const organizationId = await t.api.createOrganization(partner);
    for (let i = 0; i < 3; i++)
      expect((await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(200);
    const revoke = await t.api.request('DELETE', `/api/admin/partners/${partner.id}/keys/${partner.apiKeyId}`, {
      key: TEST_ADMIN_KEY,
    });
    expect(revoke.status).toBe(204);
    expect((await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(401);
  });

  it("does not wait for a connection that merely shares the listeners' name", async () => {
    // The name the listeners had before they carried a per-process token: counted as a listener
    // that never confirms, it made every revocation wait the full 1 s confirmation timeout.
    const stray = new pg.Client({
      connectionString: process.env.TEST_DATABASE_RUN_URL,
      application_name: 'instances-api-listener',
    });
    await stray.connect();
    try {
      const partner = await t.api.createPartner('Revoked quickly');
      const organizationId = await t.api.createOrganization(partner);
      expect((await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(200);
      const started = Date.now();
      const revoke = await t.api.request('DELETE', `/api/admin/partners/${partner.id}/keys/${partner.apiKeyId}`, {
        key: TEST_ADMIN_KEY,
      });
      expect(revoke.status).toBe(204);
      expect(Date.now() - started).toBeLessThan(700);
      expect((await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(401);
    } finally {
      await stray.end();
    }
  });

  it('refuses a removed member on the very next request, though the membership was cached', async () => {
    const { owner, member, organizationId } = await world(t);
    expect((await t.api.get(`/api/organizations/${organizationId}/instances`, member.apiKey)).status).toBe(200);
    const removal = await t.api.request('DELETE', `/api/organizations/${organizationId}/members/${member.id}`, {
      key: owner.apiKey,
    });
    expect(removal.status).toBe(204);
    expect((await t.api.get(`/api/organizations/${organizationId}/instances`, member.apiKey)).status).toBe(403);
  });

  it('refuses an owner demoted to member on the very next owner-only request', async () => {
    const [first, second] = [await t.api.createPartner('First'), await t.api.createPartner('Second')];
    const organizationId = await t.api.createOrganization(first);
    await t.api.addMember(first, organizationId, second, 'owner');
    const create = (key: string) =>
      t.api.post(`/api/organizations/${organizationId}/instances`, key, { name: 'x', handle: randomHandle() });
    expect((await create(second.apiKey)).status).toBe(201);
    await t.api.changeRole(first, organizationId, second, 'member');
    expect((await create(second.apiKey)).status).toBe(403);
  });
});

describe('revocation across replicas (two app instances on one database)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // A TTL far beyond the test: only the invalidation can explain a refusal.
    [a, b] = [await startTestApp({ AUTH_CACHE_TTL_MS: '60000' }), await startTestApp({ AUTH_CACHE_TTL_MS: '60000' })];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('refuses a key on the other replica right after it is revoked on one, though that replica cached it', async () => {
    const partner = await a.api.createPartner('Replicated');
    const organizationId = await a.api.createOrganization(partner);
    expect((await b.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(200);
    const revoke = await a.api.request('DELETE', `/api/admin/partners/${partner.id}/keys/${partner.apiKeyId}`, {
      key: TEST_ADMIN_KEY,
    });
    expect(revoke.status).toBe(204);
    expect((await b.api.get(`/api/organizations/${organizationId}`, partner.apiKey)).status).toBe(401);
  });

  it('refuses a removed member on the other replica right after the removal', async () => {
    const { owner, member, organizationId } = await world(a);
    expect((await b.api.get(`/api/organizations/${organizationId}`, member.apiKey)).status).toBe(200);
    const removal = await a.api.request('DELETE', `/api/organizations/${organizationId}/members/${member.id}`, {
      key: owner.apiKey,
    });
    expect(removal.status).toBe(204);
    expect((await b.api.get(`/api/organizations/${organizationId}`, member.apiKey)).status).toBe(403);
  });
});
