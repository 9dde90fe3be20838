import { DataSource } from 'typeorm';
import type { ApiResponse, TestPartner } from '../support/api-client.js';
import { randomLetters } from '../support/handles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Field = 'name' | 'handle' | 'createdAt' | 'updatedAt';
type Direction = 'asc' | 'desc';
interface Row {
  id: string;
  name: string;
  handle: string;
  createdAt: string;
  updatedAt: string;
}

const FIELDS: Field[] = ['name', 'handle', 'createdAt', 'updatedAt'];

/** Every ordered choice of `size` distinct fields. */
function permutations(size: number, from: Field[] = FIELDS): Field[][] {
  if (size === 0) return [[]];
  return from.flatMap((field) =>
    permutations(
      size - 1,
      from.filter((f) => f !== field),
    ).map((rest) => [field, ...rest]),
  );
}

/**
 * A pager walks `view.next` with two and three sort keys: every row must come exactly once, in the
 * requested order (issue 12: the links sorted the `order[...]` sub-keys alphabetically, so page 2
 * was sorted by another key first and rows came twice or never).
 */
describe('walking view.next with several order keys', () => {
  let t: TestApp;
  let owner: TestPartner;
  let organizationId: string;
  const rows: Row[] = [];
  // Names and timestamps repeat, so every later key decides ties; letters only, one case, so the
  // database's collation and JavaScript agree on string order.
  const token = randomLetters(10);
  const names = ['bravo', 'alpha', 'charlie', 'alpha', 'bravo', 'charlie', 'alpha', 'bravo'];
  const created = [
    '2026-01-02',
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-01-01',
    '2026-01-03',
    '2026-01-02',
    '2026-01-01',
  ];
  const updated = [
    '2026-02-02',
    '2026-02-01',
    '2026-02-01',
    '2026-02-02',
    '2026-02-02',
    '2026-02-01',
    '2026-02-01',
    '2026-02-02',
  ];

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.api.createPartner('Walker');
    organizationId = await t.api.createOrganization(owner, 'Walkers');
    const db = t.app.get(DataSource);
    for (let i = 0; i < names.length; i++) {
      const handle = `${token}${'hcfbgdae'[i]}`;
      const response = await t.api.post(`/api/organizations/${organizationId}/instances`, owner.apiKey, {
        name: names[i],
        handle,
      });
      if (response.status !== 201) throw new Error(`create: ${response.status} ${response.text}`);
      const row = {
        id: response.body.id,
        name: names[i],
        handle,
        createdAt: `${created[i]}T10:00:00Z`,
        updatedAt: `${updated[i]}T10:00:00Z`,
      };
      await db.query('UPDATE instances SET created_at = $2, updated_at = $3 WHERE id = $1', [
        row.id,
        row.createdAt,
        row.updatedAt,
      ]);
      rows.push(row);
    }
  });
  afterAll(() => t.close());

  /** The contract's order: the keys in query order, then `id` in the last key's direction. */
  function expectedOrder(keys: [Field, Direction][]): string[] {
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const last = keys[keys.length - 1][1];
    return [...rows]
      .sort((a, b) => {
        for (const [field, direction] of keys) {
          const c = compare(a[field], b[field]);
          if (c !== 0) return direction === 'asc' ? c : -c;
        }
        return last === 'asc' ? compare(a.id, b.id) : compare(b.id, a.id);
      })
      .map((row) => row.id);
  }

  async function walk(query: string): Promise<string[]> {
    const seen: string[] = [];
    let next: string | undefined = `/api/organizations/${organizationId}/instances?${query}`;
    for (let pages = 0; next && pages < 10; pages++) {
      const response: ApiResponse = await t.api.get(next, owner.apiKey);
      expect(response.status).toBe(200);
      seen.push(...response.body.member.map((member: { id: string }) => member.id));
      next = response.body.view?.next;
    }
    return seen;
  }

  // Each permutation with two direction patterns: all ascending but the first, and alternating.
  const cases = [2, 3].flatMap((size) =>
    permutations(size).flatMap((fields) =>
      [
        (i: number): Direction => (i === 0 ? 'desc' : 'asc'),
        (i: number): Direction => (i % 2 === 0 ? 'asc' : 'desc'),
      ].map((direction) => fields.map((field, i): [Field, Direction] => [field, direction(i)])),
    ),
  );

  it.each(cases.map((keys) => [keys.map(([f, d]) => `order[${f}]=${d}`).join('&'), keys]))(
    'gives every row exactly once, in order, for %s',
    async (orderQuery, keys) => {
      const seen = await walk(`${orderQuery as string}&itemsPerPage=3`);
      expect(new Set(seen).size).toBe(rows.length);
      expect(seen).toEqual(expectedOrder(keys as [Field, Direction][]));
    },
  );

  it('keeps the sort keys in request order in every link, and other parameters around them', async () => {
    const response = await t.api.get(
      `/api/organizations/${organizationId}/instances?order[name]=asc&order[handle]=desc&itemsPerPage=2&name=a`,
      owner.apiKey,
    );
    expect(response.body.view.next).toBe(
      `/api/organizations/${organizationId}/instances?itemsPerPage=2&name=a&order%5Bname%5D=asc&order%5Bhandle%5D=desc&page=2`,
    );
  });
});
