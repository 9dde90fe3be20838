import { DataSource } from 'typeorm';
import type { TestPartner } from '../support/api-client.js';
import { randomHandle } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `totalItems` of an unfiltered list comes from a per-organization counter kept by triggers; a
 * filtered one from the page's own scan, or a count when the page is past the end, remembered
 * while the organization's rows do not change. Whatever
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

  it('keeps a filtered total and page exact when the rows change between two identical requests', async () => {
    const query = '?name=haystack&order[name]=asc&itemsPerPage=2&page=2';
    const expectSame = async () => {
      const response = await t.api.get(`/api/organizations/${first}/instances${query}`, owner.apiKey);
      expect(response.status).toBe(200);
      const rows: { id: string }[] = await db.query(
        `SELECT id FROM instances WHERE organization_id = $1 AND deleted_at IS NULL AND name ILIKE '%haystack%'
          ORDER BY name, id OFFSET 2 LIMIT 2`,
        [first],
      );
      expect(response.body.totalItems).toBe(await counted(first, 'name ILIKE $2', ['%haystack%']));
      expect(response.body.member.map((member: { id: string }) => member.id)).toEqual(rows.map((row) => row.id));
    };
    const ids: string[] = [];
    for (const letter of ['m', 'n', 'o', 'p']) ids.push(await create(first, `Haystack ${letter}`));
    await expectSame();
    await expectSame(); // remembered
    await create(first, 'Haystack a'); // sorts first: the page shifts
    await expectSame();
    await db.query("UPDATE instances SET name = 'Renamed away' WHERE id = $1", [ids[1]]);
    await expectSame();
    await db.query('UPDATE instances SET deleted_at = now() WHERE id = $1', [ids[2]]);
    await expectSame();
    // Microsecond timestamps (SQL now()), newest first: the walk starts exactly at the first match.
    await db.query(
      `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
       SELECT gen_random_uuid(), $1, $1, 'Haystack bulk ' || n, 'bulk-' || translate(md5(random()::text), '0123456789', 'ghijklmnop'),
              now() + n * interval '1 microsecond', now()
         FROM generate_series(1, 3) AS n`,
      [first],
    );
    await expectSame();
    const newest = await t.api.get(`/api/organizations/${first}/instances?name=haystack&itemsPerPage=1`, owner.apiKey);
    const again = await t.api.get(`/api/organizations/${first}/instances?name=haystack&itemsPerPage=1`, owner.apiKey);
    const [row] = await db.query(
      `SELECT id FROM instances WHERE organization_id = $1 AND deleted_at IS NULL AND name ILIKE '%haystack%'
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [first],
    );
    expect(newest.body.member[0].id).toBe(row.id);
    expect(again.body.member[0].id).toBe(row.id);
  });
});
