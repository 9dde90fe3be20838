import type { InstanceListCriteria } from '../domain/instance-read-model.js';
import { type FilteredMatches, instancePageStatement, walksSortIndex } from './instance-list.sql.js';

const criteria = (overrides: Partial<InstanceListCriteria> = {}): InstanceListCriteria => ({
  organizationId: '01a234af-2052-756a-966d-f29c7ce61f6d',
  nameContains: ['falc'],
  handleContains: [],
  order: [{ field: 'name', direction: 'asc' }],
  offset: 60,
  limit: 30,
  ...overrides,
});
const known = (total: number, organizationRows: number): FilteredMatches => ({
  version: '7',
  total,
  firstKey: 'Falcon',
  organizationRows,
});

describe('walksSortIndex', () => {
  it('walks when the page is reached within four rows read per match', () => {
    // Page 3 of a filter matching 10% of 400,000 rows: ~900 rows walked, 40,000 matches.
    expect(walksSortIndex(criteria(), known(40_000, 400_000))).toBe(true);
    // 750 of 8,000: ~960 rows walked, 3,000 allowed.
    expect(walksSortIndex(criteria(), known(750, 8_000))).toBe(true);
  });

  it('leaves rare matches and deep pages to the trigram index', () => {
    // 30 of 8,000: the walk would read ~24,000 rows for 30 matches.
    expect(walksSortIndex(criteria(), known(30, 8_000))).toBe(false);
    // The last page of 1,000 matches among 400,000 rows: nearly the whole organization.
    expect(walksSortIndex(criteria({ offset: 990 }), known(1_000, 400_000))).toBe(false);
    expect(walksSortIndex(criteria(), known(0, 8_000))).toBe(false);
  });
});

describe('instancePageStatement, filtered', () => {
  const filters = (text: string) => text.match(/(CASE WHEN )?i\.(name|handle) ILIKE ANY\(\$\d+::text\[\]\)/g);

  it('gives a walk its filters in a form no index serves, for each filtered column', () => {
    const statement = instancePageStatement(criteria({ handleContains: ['alco'] }), known(750, 8_000));
    expect(filters(statement.text)).toEqual([
      'CASE WHEN i.name ILIKE ANY($2::text[])',
      'CASE WHEN i.handle ILIKE ANY($3::text[])',
    ]);
    expect(statement.text).toContain('AND i.name >= $4::text');
  });

  it('keeps the indexable filters for rare matches and for the counting page', () => {
    expect(filters(instancePageStatement(criteria(), known(30, 8_000)).text)).toEqual(['i.name ILIKE ANY($2::text[])']);
    expect(filters(instancePageStatement(criteria()).text)).toEqual(['i.name ILIKE ANY($2::text[])']);
  });
});
