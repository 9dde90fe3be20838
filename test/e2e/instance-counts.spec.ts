import { DataSource } from 'typeorm';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `totalItems` of an unfiltered list comes from a per-organization counter kept by triggers; a
 * filtered one from the page's own scan, or a count when the page is past the end. Whatever
 * changes the rows (creates, soft deletes, transfers, any SQL), both must stay equal to what
 * counting the live rows gives.
 */
describe('totalItems stays exact', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: TestPartner;
  let first: string;
  let second: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    owner = await t.api.createPartner('Owner');
    first = await t.api.createOrganization(owner, 'First');
    second = await t.api.createOrganization(owner, 'Second');
  });
  afterAll(() => t.close());

  const create = async (organizationId: string, name = 'Counted instance') => {
    const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
      name,
      handle: randomHandle(),
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const totalItems = async (organizationId: string, query = '') => {
    const response = await t.api.get(`/api/organizations/${organizationId}/instances${query}`, owner.apiKey);
    expect(response.status).toBe(200);
    return response.body.totalItems as number;
  };
  const counted = async (organizationId: string, condition = 'true', parameters: unknown[] = []) => {
    const [row] = await db.query(
      `SELECT count(*)::int AS n FROM instances WHERE organization_id = $1 AND deleted_at IS NULL AND ${condition}`,
      [organizationId, ...parameters],
    );
    return row.n as number;
  };
  const expectExact = async () => {
    for (const organizationId of [first, second]) {
      expect(await totalItems(organizationId)).toBe(await counted(organizationId));
    }
  };

  it('is 0 for an organization without instances', async () => {
    const empty = await t.api.createOrganization(owner, 'Empty');
    expect(await totalItems(empty)).toBe(0);
    expect(await totalItems(empty, '?itemsPerPage=0')).toBe(0);
  });

  it('follows creates, concurrent ones included', async () => {
    await create(first);
    await Promise.all(Array.from({ length: 12 }, (_, i) => create(i % 3 === 0 ? second : first)));
    await expectExact();
    expect(await totalItems(first)).toBe(9);
    expect(await totalItems(second)).toBe(4);
  });

  it('follows deletes and transfers through the API', async () => {
    const kept = await create(first);
    const deleted = await create(first);
    const transferred = await create(first);
    const instancePath = (organizationId: string, id: string) => `/api/organizations/${organizationId}/instances/${id}`;
    expect((await t.api.request('DELETE', instancePath(first, deleted), { key: owner.apiKey })).status).toBe(204);
    await expectExact();
    const authorize = `${instancePath(first, transferred)}/authorized-organizations/${second}`;
    expect((await t.api.request('PUT', authorize, { key: owner.apiKey })).status).toBe(204);
    const transfer = await t.api.post(`${instancePath(first, transferred)}/transfer`, owner.apiKey, {
      organization_id: second,
    });
    expect(transfer.status).toBe(200);
    await expectExact();
    expect((await t.api.request('DELETE', instancePath(first, kept), { key: owner.apiKey })).status).toBe(204);
    expect((await t.api.request('DELETE', instancePath(second, transferred), { key: owner.apiKey })).status).toBe(204);
    await expectExact();
    expect(await totalItems(first)).toBe(9);
    expect(await totalItems(second)).toBe(4);
  });

  it('follows rows moved, soft-deleted, deleted and inserted in bulk by any statement, renames leaving it alone', async () => {
    const ids: string[] = (
      await db.query('SELECT id FROM instances WHERE organization_id = $1 AND deleted_at IS NULL', [first])
    ).map((row: { id: string }) => row.id);
    await db.query('UPDATE instances SET organization_id = $2 WHERE id = ANY($1::uuid[])', [ids.slice(0, 3), second]);
    await expectExact();
    await db.query("UPDATE instances SET name = name || ' renamed'");
    await expectExact();
    await db.query('DELETE FROM instances WHERE id = $1', [ids[3]]);
    await expectExact();
    await db.query('UPDATE instances SET deleted_at = now() WHERE id = $1', [ids[4]]);
    await expectExact();
    await db.query('UPDATE instances SET organization_id = $2 WHERE id = $1', [ids[4], second]);
    await expectExact();
    await db.query(
      `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $1, 'Bulk ' || n, 'bulk-' || translate(md5(random()::text), '0123456789', 'ghijklmnop'), now(), now()
         FROM generate_series(1, 25) AS n`,
      [second],
    );
    await expectExact();
    expect(await totalItems(second)).toBe(4 + 3 + 25);
  });

  it('stays exact when rows move both ways between two organizations at once (no deadlock)', async () => {
    const rows: { id: string; organization_id: string }[] = await db.query(
      'SELECT id, organization_id FROM instances WHERE organization_id = ANY($1::uuid[]) AND deleted_at IS NULL LIMIT 16',
      [[first, second]],
    );
    await Promise.all(
      rows.map((row) =>
        db.query('UPDATE instances SET organization_id = $2 WHERE id = $1', [
          row.id,
          row.organization_id === first ? second : first,
        ]),
      ),
    );
    await expectExact();
  });

  it('counts filtered lists exactly, on a page past the end and with itemsPerPage=0 too', async () => {
    for (let i = 0; i < 4; i++) await create(first, `Needle ${i}`);
    const needles = await counted(first, 'name ILIKE $2', ['%needle%']);
    expect(needles).toBe(4);
    expect(await totalItems(first, '?name=needle')).toBe(needles);
    expect(await totalItems(first, '?name=needle&itemsPerPage=2&page=2')).toBe(needles);
    expect(await totalItems(first, '?name=needle&page=50')).toBe(needles);
    expect(await totalItems(first, '?name=needle&itemsPerPage=0')).toBe(needles);
    expect(await totalItems(first, '?name=no-such-needle')).toBe(0);
    expect(await totalItems(first, '?page=50')).toBe(await counted(first));
  });
});
