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

/**
 * One page of an organization's instances and its `totalItems`, in one statement (one round trip):
 * - unfiltered, the total is the organization's live-instance counter (kept by triggers, spread
 *   over a few slot rows that are summed, see the OrganizationCountSlots migration), read beside the page: big organizations are never
 *   counted row by row; the statement always returns one row, with NULL columns if the page is empty;
 * - filtered, the total is `count(*) OVER ()` over the rows the trigram indexes found, counted in
 *   the same scan that feeds the page. A page past the end returns no row: instanceCountStatement
 *   then gives the total.
 * The filters are substring matches served by trigram indexes; `%`, `_` and `\` match literally.
 * The sort orders are served by per-organization B-trees, with the id as the tie-breaker.
 */
export function instancePageStatement(criteria: InstanceListCriteria): Statement {
  const { where, values } = conditions(criteria);
  const order = (alias: string) => {
    const columns = criteria.order.map(({ field, direction }) => `${alias}.${SORT_COLUMNS[field]} ${direction}`);
    return [...columns, `${alias}.id ${criteria.order.at(-1)?.direction ?? 'desc'}`].join(', ');
  };
  const page = `FROM instances i WHERE ${where} ORDER BY ${order('i')} LIMIT $${values.length + 1} OFFSET $${values.length + 2}`;
  // The owner's authorizations are looked up for the page's rows only, outside the LIMIT.
  const text = isFiltered(criteria)
    ? `SELECT p.*, ${AUTHORIZED_IDS('p')} AS authorized_organization_ids
         FROM (SELECT count(*) OVER ()::int AS total, ${INSTANCE_COLUMNS} ${page}) p
        ORDER BY ${order('p')}`
    : `SELECT t.total, p.*, CASE WHEN p.id IS NOT NULL THEN ${AUTHORIZED_IDS('p')} END AS authorized_organization_ids
         FROM (SELECT COALESCE((SELECT sum(c.live_instances) FROM organization_instance_counts c
                                 WHERE c.organization_id = $1), 0)::int AS total) t
         LEFT JOIN LATERAL (SELECT ${INSTANCE_COLUMNS} ${page}) p ON true
        ORDER BY ${order('p')}`;
  // The filtered shapes are planned for their values: a trigram search's best plan depends on them.
  return { text, values: [...values, criteria.limit, criteria.offset], prepared: !isFiltered(criteria) };
}

/** The number of instances matching the criteria's filters, for a filtered page that came back empty. */
export function instanceCountStatement(criteria: InstanceListCriteria): Statement {
  const { where, values } = conditions(criteria);
  return { text: `SELECT count(*)::int AS total FROM instances i WHERE ${where}`, values };
}

export function isFiltered(criteria: InstanceListCriteria): boolean {
  return criteria.nameContains.length > 0 || criteria.handleContains.length > 0;
}

function conditions(criteria: InstanceListCriteria): { where: string; values: unknown[] } {
  const values: unknown[] = [criteria.organizationId];
  const where = ['i.organization_id = $1', 'i.deleted_at IS NULL'];
  if (criteria.nameContains.length > 0) {
    values.push(criteria.nameContains.map(likePattern));
    where.push(`i.name ILIKE ANY($${values.length}::text[])`);
  }
  if (criteria.handleContains.length > 0) {
    values.push(criteria.handleContains.map(likePattern));
    where.push(`i.handle ILIKE ANY($${values.length}::text[])`);
  }
  return { where: where.join(' AND '), values };
}

function likePattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
