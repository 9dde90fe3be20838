import { DataSource } from 'typeorm';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** How many creates race for one handle, and across how many organizations (RACE_SIZE scales it). */
const RACERS = Number(process.env.RACE_SIZE ?? 60);
const ORGANIZATIONS = 6;

describe('racing creates of one handle', () => {
  let t: TestApp;
  let db: DataSource;
  let owners: { partner: TestPartner; organizationId: string }[];

  beforeAll(async () => {
    // More connections than the default test pool, so that the creates really overlap in PostgreSQL.
    t = await startTestApp({ DATABASE_POOL_SIZE: '20' });
    db = t.app.get(DataSource);
    owners = await Promise.all(
      Array.from({ length: ORGANIZATIONS }, async (_, i) => {
        const partner = await t.api.createPartner(`Racer ${i}`);
        return { partner, organizationId: await t.api.createOrganization(partner, `Racing ${i}`) };
      }),
    );
  });
  afterAll(() => t?.close());

  it(`answers ${RACERS} parallel creates of one handle from ${ORGANIZATIONS} organizations with one 201 and the rest 422`, async () => {
    const handle = randomHandle('race');
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => {
        const { partner, organizationId } = owners[i % ORGANIZATIONS];
        return t.api.post(`/api/organizations/${organizationId}/instances`, partner.apiKey, {
          name: `Racer ${i}`,
          handle,
        });
      }),
    );
    const elapsed = Math.round(performance.now() - started);
    const statuses = responses.map((response) => response.status);
    const tally = Object.fromEntries(
      [...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]),
    );
    console.info(`races: ${RACERS} creates of one handle in ${elapsed} ms: ${JSON.stringify(tally)}`);

    expect(tally).toEqual({ 201: 1, 422: RACERS - 1 });
    for (const refused of responses.filter((response) => response.status === 422)) {
      expect(refused.body.violations).toEqual([expect.objectContaining({ propertyPath: 'handle' })]);
    }
    const winner = responses.find((response) => response.status === 201)!;
    const rows = await db.query('SELECT id, organization_id FROM instances WHERE handle = $1', [handle]);
    expect(rows).toEqual([{ id: winner.body.id, organization_id: winner.body.organization_id }]);
    const events = await db.query(
      `SELECT aggregate_id FROM outbox_events WHERE type = 'InstanceCreated' AND payload->>'handle' = $1`,
      [handle],
    );
    expect(events).toEqual([{ aggregate_id: winner.body.id }]);
  });
});
