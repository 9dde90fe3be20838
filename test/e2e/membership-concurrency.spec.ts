import { DataSource } from 'typeorm';
import type { TestPartner } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ROUNDS = 8;

describe('Concurrent roster changes keep an owner in every organization', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Enough connections for every racing request to hold its own transaction.
    t = await startTestApp({ DATABASE_POOL_SIZE: '40' });
  });
  afterAll(() => t.close());

  /** An organization with exactly two owners, `a` and `b`. */
  async function twoOwners(): Promise<{ a: TestPartner; b: TestPartner; organizationId: string }> {
    const [a, b] = await Promise.all([t.api.createPartner('A'), t.api.createPartner('B')]);
    const organizationId = await t.api.createOrganization(a, 'Contested');
    await t.api.addMember(a, organizationId, b, 'owner');
    // Warm the key and membership caches, so that both racing requests reach the database together.
    for (const partner of [a, b]) {
      const seen = await t.api.get(`/api/organizations/${organizationId}`, partner.apiKey);
      if (seen.status !== 200) throw new Error(`warm-up: ${seen.status}`);
    }
    return { a, b, organizationId };
  }

  const ownersInDatabase = async (organizationId: string): Promise<string[]> => {
    const rows: { partner_id: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT partner_id FROM memberships WHERE organization_id = $1 AND role = 'owner'`, [organizationId]);
    return rows.map((row) => row.partner_id);
  };

  const demote = (organizationId: string, by: TestPartner, target: TestPartner) =>
    t.api.request('PUT', `/api/organizations/${organizationId}/members/${target.id}`, {
      key: by.apiKey,
      body: { role: 'member' },
    });
  const remove = (organizationId: string, by: TestPartner, target: TestPartner) =>
    t.api.request('DELETE', `/api/organizations/${organizationId}/members/${target.id}`, { key: by.apiKey });

  it('when two owners demote each other at once, exactly one succeeds', async () => {
    const worlds = await Promise.all(Array.from({ length: ROUNDS }, () => twoOwners()));
    await Promise.all(
      worlds.map(async ({ a, b, organizationId }) => {
        const [byA, byB] = await Promise.all([demote(organizationId, a, b), demote(organizationId, b, a)]);
        const statuses = [byA.status, byB.status];
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        // The loser is refused either as no longer an owner (403) or as demoting the last one (422).
        expect(statuses.filter((s) => s === 403 || s === 422)).toHaveLength(1);
        const owners = await ownersInDatabase(organizationId);
        expect(owners).toHaveLength(1);
        expect(owners[0]).toBe(byA.status === 200 ? a.id : b.id);
      }),
    );
  });

  it('when two owners remove each other at once, exactly one succeeds', async () => {
    const worlds = await Promise.all(Array.from({ length: ROUNDS }, () => twoOwners()));
    await Promise.all(
      worlds.map(async ({ a, b, organizationId }) => {
        const [byA, byB] = await Promise.all([remove(organizationId, a, b), remove(organizationId, b, a)]);
        expect([byA.status, byB.status].filter((s) => s === 204)).toHaveLength(1);
        expect(await ownersInDatabase(organizationId)).toEqual([byA.status === 204 ? a.id : b.id]);
      }),
    );
  });

  it('when both owners step down at once, one of them stays owner', async () => {
    const worlds = await Promise.all(Array.from({ length: ROUNDS }, () => twoOwners()));
    await Promise.all(
      worlds.map(async ({ a, b, organizationId }) => {
        const [aSteps, bSteps] = await Promise.all([demote(organizationId, a, a), demote(organizationId, b, b)]);
        const statuses = [aSteps.status, bSteps.status].sort();
        expect(statuses).toEqual([200, 422]);
        expect(await ownersInDatabase(organizationId)).toEqual([aSteps.status === 200 ? b.id : a.id]);
      }),
    );
  });
});
