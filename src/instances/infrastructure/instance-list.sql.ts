import type { Statement } from '../../shared/database/sql.js';
import type { InstanceListCriteria, InstanceSortField } from '../domain/instance-read-model.js';

export const INSTANCE_COLUMNS =
  'i.id, i.organization_id, i.created_by_organization_id, i.name, i.handle, i.created_at, i.updated_at';
/** A row of INSTANCE_COLUMNS, as `pg` parses it. */
export interface InstanceRow {
  id: string;
  organization_id: string;
  created_by_organization_id: string;
  name: string;
  handle: string;
  created_at: Date;
  updated_at: Date;
}
/** The owner's view only: sorted ids, served by the primary key of the authorizations table. */
export const AUTHORIZED_IDS = (alias: string): string =>
  `ARRAY(SELECT a.organization_id::text FROM instance_authorized_organizations a
          WHERE a.instance_id = ${alias}.id ORDER BY a.organization_id)`;

const SORT_COLUMNS: Record<InstanceSortField, string> = {
  name: 'name',
  handle: 'handle',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** The sum of the organization's slot counters' changes: grows with every change of its live rows. */
const VERSION = `(SELECT COALESCE(sum(c.changes), 0)::text FROM organization_instance_counts c WHERE c.organization_id = $1)`;
/** The organization's live instances, from its slot counters. */
const LIVE_ROWS = `(SELECT COALESCE(sum(c.live_instances), 0)::int FROM organization_instance_counts c WHERE c.organization_id = $1)`;
/**
 * A page walks the sort index (rather than taking every match from the trigram index and sorting
 * them) while it reads at most this many rows per match of the filter: a row walked cost 0.46 us,
 * a match taken from the trigram index and sorted 1.7 us (750 matches among 170,000 rows).
 */
const WALKED_ROWS_PER_MATCH = 4;

/**
 * What a filtered list learnt about its matches at one version of the organization's rows: the
 * exact total, and the key of the first match in the list's first sort order (text, so that
 * timestamps keep their microseconds), from which a page is found by walking that order's index.
 */
export interface FilteredMatches {
  version: string;
  total: number;
  firstKey: string | null;
  /** The organization's live instances at that version: with `total`, how common a match is. */
  organizationRows: number;
}

/** The columns the counting statements (instancePageStatement without `known`, instanceCountStatement) add. */
export interface CountedRow {
  version: string;
  total: number;
  first_key: string | null;
  organization_rows: number;
}

export function matchesOf(row: CountedRow): FilteredMatches {
  return { version: row.version, total: row.total, firstKey: row.first_key, organizationRows: row.organization_rows };
}

/**
 * One page of an organization's instances and its `totalItems`, in one statement (one round trip):
 * - unfiltered, the total is the organization's live-instance counter (kept by triggers, spread
 *   over a few slot rows that are summed, see the OrganizationCountSlots migration), read beside
 *   the page: big organizations are never counted row by row; the statement always returns one
 *   row, with NULL columns if the page is empty;
 * - filtered, without `known` matches, the total and the first match's key are computed over the
 *   rows the trigram indexes found, in the same scan that feeds the page, with the organization's
 *   version: O(matches), once per version. A page past the end returns no row: instanceCountStatement
 *   then gives them;
 * - filtered, with `known` matches, the page starts at the first match's key and walks the sort
 *   order's index, filtering as it goes, and stops after the page: O(page) when the matches are not
 *   rare (see walksSortIndex; rare ones go through the trigram index, as the planner estimates).
 *   The statement returns the organization's current version on every row (one row with NULL
 *   columns if the page is empty): the caller uses `known.total` only if it is still `known.version`.
 * The filters are substring matches served by trigram indexes; `%`, `_` and `\` match literally.
 * The sort orders are served by per-organization B-trees, with the id as the tie-breaker.
 */
export function instancePageStatement(criteria: InstanceListCriteria, known?: FilteredMatches): Statement {
  const { where, values } = conditions(criteria, !known || !walksSortIndex(criteria, known));
  const order = (alias: string) => {
    const columns = criteria.order.map(({ field, direction }) => `${alias}.${SORT_COLUMNS[field]} ${direction}`);
    return [...columns, `${alias}.id ${criteria.order.at(-1)?.direction ?? 'desc'}`].join(', ');
  };
  const paging = (at: number) => `ORDER BY ${order('i')} LIMIT $${at} OFFSET $${at + 1}`;
  if (!isFiltered(criteria)) {
    const page = `FROM instances i WHERE ${where} ${paging(values.length + 1)}`;
    return {
      text: `SELECT t.total, p.*, CASE WHEN p.id IS NOT NULL THEN ${AUTHORIZED_IDS('p')} END AS authorized_organization_ids
         FROM (SELECT ${LIVE_ROWS} AS total) t
         LEFT JOIN LATERAL (SELECT ${INSTANCE_COLUMNS} ${page}) p ON true
        ORDER BY ${order('p')}`,
      values: [...values, criteria.limit, criteria.offset],
      // Planned once when one index serves the whole order (one key, then the id): walking it is
      // the best plan for an organization of any size. With more keys the plan (an incremental
      // sort, or a sort of every row) depends on the organization's size: planned for the values.
      prepared: criteria.order.length <= 1,
    };
  }
  const first = firstSortKey(criteria);
  if (known) {
    const from =
      known.firstKey === null ? '' : ` AND ${first.column} ${first.from} $${values.length + 1}::${first.type}`;
    const bound = known.firstKey === null ? values : [...values, known.firstKey];
    const page = `FROM instances i WHERE ${where}${from} ${paging(bound.length + 1)}`;
    return {
      text: `SELECT v.version, p.*, CASE WHEN p.id IS NOT NULL THEN ${AUTHORIZED_IDS('p')} END AS authorized_organization_ids
         FROM (SELECT ${VERSION} AS version) v
         LEFT JOIN LATERAL (SELECT ${INSTANCE_COLUMNS} ${page}) p ON true
        ORDER BY ${order('p')}`,
      values: [...bound, criteria.limit, criteria.offset],
    };
  }
  // The filtered shapes are planned for their values: a trigram search's best plan depends on them.
  const page = `FROM instances i WHERE ${where} ${paging(values.length + 1)}`;
  return {
    text: `SELECT ${VERSION} AS version, ${LIVE_ROWS} AS organization_rows, p.*, ${AUTHORIZED_IDS('p')} AS authorized_organization_ids
         FROM (SELECT count(*) OVER ()::int AS total, ${first.aggregate} OVER ()::text AS first_key, ${INSTANCE_COLUMNS} ${page}) p
        ORDER BY ${order('p')}`,
    values: [...values, criteria.limit, criteria.offset],
  };
}

/** The matches of the criteria's filters, for a filtered page that came back empty. */
export function instanceCountStatement(criteria: InstanceListCriteria): Statement {
  const { where, values } = conditions(criteria);
  const first = firstSortKey(criteria);
  return {
    text: `SELECT ${VERSION} AS version, ${LIVE_ROWS} AS organization_rows, count(*)::int AS total,
              ${first.aggregate}::text AS first_key
         FROM instances i WHERE ${where}`,
    values,
  };
}

/** Where the first match lies in the list's first sort order, and how to start a walk from it. */
function firstSortKey(criteria: InstanceListCriteria): {
  column: string;
  type: string;
  aggregate: string;
  from: string;
} {
  const { field, direction } = criteria.order[0] ?? { field: 'createdAt', direction: 'desc' };
  const column = `i.${SORT_COLUMNS[field]}`;
  const ascending = direction === 'asc';
  return {
    column,
    type: field === 'name' || field === 'handle' ? 'text' : 'timestamptz',
    aggregate: `${ascending ? 'min' : 'max'}(${column})`,
    from: ascending ? '>=' : '<=',
  };
}

/**
 * Whether a page of known matches walks the sort index from the first match: it reads about
 * (offset + limit) x organizationRows / total rows, where the trigram index returns every match
 * (and other organizations' too). The planner cannot tell: its statistics are the whole table's,
 * where other organizations' rows dilute a filter that is common in this one, and it would take the
 * trigram index and sort every match, O(matches) on every page. So the statement decides: a walk
 * gets its filters as `CASE WHEN <filter> THEN true ELSE false END` (the same rows), which no index
 * serves and for which the planner assumes half the rows match, so it walks the sort index.
 */
export function walksSortIndex(criteria: InstanceListCriteria, known: FilteredMatches): boolean {
  if (known.total === 0) return false;
  const walkedRows = ((criteria.offset + criteria.limit) * known.organizationRows) / known.total;
  return walkedRows <= WALKED_ROWS_PER_MATCH * known.total;
}

export function isFiltered(criteria: InstanceListCriteria): boolean {
  return criteria.nameContains.length > 0 || criteria.handleContains.length > 0;
}

/** The WHERE of a list; `indexedFilters` false: the filters in the form of a walk (walksSortIndex). */
function conditions(criteria: InstanceListCriteria, indexedFilters = true): { where: string; values: unknown[] } {
  const values: unknown[] = [criteria.organizationId];
  const where = ['i.organization_id = $1', 'i.deleted_at IS NULL'];
  const filter = (column: string, fragments: readonly string[]) => {
    if (fragments.length === 0) return;
    values.push(fragments.map(likePattern));
    const matches = `i.${column} ILIKE ANY($${values.length}::text[])`;
    where.push(indexedFilters ? matches : `CASE WHEN ${matches} THEN true ELSE false END`);
  };
  filter('name', criteria.nameContains);
  filter('handle', criteria.handleContains);
  return { where: where.join(' AND '), values };
}

function likePattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
