import { DataSource } from 'typeorm';
import type { TestPartner } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Invitations: an owner invites an email, the partner with that email accepts or declines. */
describe('invitations', () => {
  let t: TestApp;
  let owner: TestPartner;
  let invitee: TestPartner;
  let stranger: TestPartner;
  let organizationId: string;

  const invite = (email: string, role = 'member', org = organizationId, key = owner.apiKey) =>
    t.api.post(`/api/organizations/${org}/invitations`, key, { email, role });
  const listOf = async (query = '') =>
    (await t.api.get(`/api/organizations/${organizationId}/invitations${query}`, owner.apiKey)).body.member as {
      id: string;
      status: string;
    }[];

  beforeAll(async () => {
    // A long cache TTL: an acceptance must be visible at once because it clears the membership cache.
    t = await startTestApp({ AUTH_CACHE_TTL_MS: '60000', INVITATIONS_PER_ORGANIZATION_PER_HOUR: '8' });
    [owner, invitee, stranger] = await Promise.all([
      t.api.createPartner('Owner'),
      t.api.createPartner('Invitee'),
      t.api.createPartner('Stranger'),
    ]);
    organizationId = await t.api.createOrganization(owner, 'Inviting');
  });
  afterAll(() => t?.close());

  it('walks an invitation from creation to acceptance, the membership created with it', async () => {
    // The invitee is refused before (and that refusal is cached).
    expect((await t.api.get(`/api/organizations/${organizationId}`, invitee.apiKey)).status).toBe(403);
    const created = await invite(invitee.email.toUpperCase(), 'member');
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual([
      '@context',
      '@id',
      '@type',
      'id',
      'organization_id',
      'email',
      'role',
      'status',
      'expires_at',
      'created_at',
    ]);
    expect(created.body).toMatchObject({ email: invitee.email, role: 'member', status: 'pending' });
    const ttl = Date.parse(created.body.expires_at) - Date.parse(created.body.created_at);
    expect(ttl).toBe(7 * 86_400_000);

    const mine = await t.api.get('/api/invitations', invitee.apiKey);
    expect(mine.body.member.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect((await t.api.get('/api/invitations', stranger.apiKey)).body.totalItems).toBe(0);
    // Only the invited partner can answer it; to anyone else it does not exist.
    expect((await t.api.post(`/api/invitations/${created.body.id}/accept`, stranger.apiKey)).status).toBe(404);

    const accepted = await t.api.post(`/api/invitations/${created.body.id}/accept`, invitee.apiKey);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const organization = await t.api.get(`/api/organizations/${organizationId}`, invitee.apiKey);
    expect(organization.status).toBe(200);
    expect(organization.body.members.map((m: { id: string }) => m.id)).toContain(invitee.id);
    expect((await t.api.get('/api/invitations', invitee.apiKey)).body.totalItems).toBe(0);

    // Used once: every further answer is a conflict.
    for (const action of ['accept', 'decline']) {
      const again = await t.api.post(`/api/invitations/${created.body.id}/${action}`, invitee.apiKey);
      expect(again.status).toBe(409);
      expect(again.body.detail).toBe('This invitation is accepted: it cannot be used any more.');
    }
    const revoke = await t.api.post(
      `/api/organizations/${organizationId}/invitations/${created.body.id}/revoke`,
      owner.apiKey,
    );
    expect(revoke.status).toBe(409);
  });

  it('replaces a pending invitation of the same email, and filters the list by status', async () => {
    const partner = await t.api.createPartner('Twice');
    const first = await invite(partner.email, 'member');
    const second = await invite(partner.email, 'owner');
    expect(second.status).toBe(201);
    const pending = await listOf('?status=pending');
    expect(pending.map((i) => i.id)).toContain(second.body.id);
    expect(pending.map((i) => i.id)).not.toContain(first.body.id);
    expect((await listOf('?status=revoked')).map((i) => i.id)).toContain(first.body.id);
    expect((await t.api.post(`/api/invitations/${first.body.id}/accept`, partner.apiKey)).status).toBe(409);
    const accepted = await t.api.post(`/api/invitations/${second.body.id}/accept`, partner.apiKey);
    expect(accepted.body).toMatchObject({ status: 'accepted', role: 'owner' });
    const organization = await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey);
    expect(organization.body.owners.map((m: { id: string }) => m.id)).toContain(partner.id);
    expect((await t.api.get(`/api/organizations/${organizationId}/invitations?status=sent`, owner.apiKey)).status).toBe(
      400,
    );
  });

  it('declines, revokes and expires: none of them can be accepted afterwards', async () => {
    const db = t.app.get(DataSource);
    const [declining, revoked, expiring] = await Promise.all([
      t.api.createPartner('Declining'),
      t.api.createPartner('Revoked'),
      t.api.createPartner('Expiring'),
    ]);
    const declined = (await invite(declining.email)).body;
    expect((await t.api.post(`/api/invitations/${declined.id}/decline`, declining.apiKey)).body.status).toBe(
      'declined',
    );
    const withdrawn = (await invite(revoked.email)).body;
    const revoke = await t.api.post(
      `/api/organizations/${organizationId}/invitations/${withdrawn.id}/revoke`,
      owner.apiKey,
    );
    expect(revoke.body.status).toBe('revoked');
    const stale = (await invite(expiring.email)).body;
    // Seven days pass for this invitation.
    await db.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [stale.id]);
    expect((await listOf('?status=expired')).map((i) => i.id)).toEqual([stale.id]);
    expect((await t.api.get('/api/invitations', expiring.apiKey)).body.totalItems).toBe(0);

    const answers = await Promise.all([
      t.api.post(`/api/invitations/${declined.id}/accept`, declining.apiKey),
      t.api.post(`/api/invitations/${withdrawn.id}/accept`, revoked.apiKey),
      t.api.post(`/api/invitations/${stale.id}/accept`, expiring.apiKey),
    ]);
    expect(answers.map((a) => [a.status, a.body.detail])).toEqual([
      [409, 'This invitation is declined: it cannot be used any more.'],
      [409, 'This invitation is revoked: it cannot be used any more.'],
      [409, 'This invitation is expired: it cannot be used any more.'],
    ]);
    const members = await db.query('SELECT partner_id FROM memberships WHERE organization_id = $1', [organizationId]);
    for (const partner of [declining, revoked, expiring]) {
      expect(members.map((m: { partner_id: string }) => m.partner_id)).not.toContain(partner.id);
    }
  });

  it('lets owners only invite, with a valid email and role', async () => {
    const member = await t.api.createPartner('Plain member');
    const organization = await t.api.createOrganization(owner, 'Invalid input');
    await t.api.addMember(owner, organization, member, 'member');
    expect((await invite('x@example.com', 'member', organization, member.apiKey)).status).toBe(403);
    expect((await invite('x@example.com', 'member', organization, stranger.apiKey)).status).toBe(403);
    expect((await t.api.get(`/api/organizations/${organization}/invitations`, member.apiKey)).status).toBe(403);
    const invalid = await invite('not-an-email', 'admin', organization);
    expect(invalid.status).toBe(422);
    expect(invalid.body.violations.map((v: { propertyPath: string }) => v.propertyPath)).toEqual(['email', 'role']);
    // Another organization's invitation through one's own path: not found.
    const foreign = await invite('y@example.com', 'member', await t.api.createOrganization(stranger), stranger.apiKey);
    expect(
      (await t.api.post(`/api/organizations/${organization}/invitations/${foreign.body.id}/revoke`, owner.apiKey))
        .status,
    ).toBe(404);
  });

  it('limits invitations per organization and hour, also under concurrency', async () => {
    const organization = await t.api.createOrganization(owner, 'Rate limited');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => invite(`burst-${i}@example.com`, 'member', organization)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(8).fill(201), ...Array(4).fill(429)]);
    expect(answers.find((a) => a.status === 429)!.body.detail).toContain('at most 8 per hour');
    // Another organization has its own budget.
    const elsewhere = await t.api.createOrganization(owner, 'Own budget');
    expect((await invite('free@example.com', 'member', elsewhere)).status).toBe(201);
  });
});
