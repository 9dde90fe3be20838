import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Sql } from '../../shared/database/sql.js';
import {
  type InstanceListCriteria,
  InstanceReadModel,
  type InstanceView,
  type VersionedInstanceView,
} from '../domain/instance-read-model.js';
import {
  AUTHORIZED_IDS,
  type CountedRow,
  type FilteredMatches,
  INSTANCE_COLUMNS,
  instanceCountStatement,
  instancePageStatement,
  type InstanceRow,
  isFiltered,
  matchesOf,
} from './instance-list.sql.js';

interface InstanceViewRow extends InstanceRow {
  /** NULL unless the organization asking owns the instance. */
  authorized_organization_ids: string[] | null;
}

interface FilteredRow extends InstanceViewRow {
  version: string;
}

/** Filtered lists remembered, per organization, filters and first sort order. */
const REMEMBERED_FILTERS = 10_000;

/**
 * One instance. Members of an authorized organization may read it through their own organization's
 * path. Built once: `Sql` finds a prepared statement's name by its text, and a text built anew on
 * each request is hashed anew (3% of a get's CPU, docs/performance.md, session 15).
 */
const FIND_ONE = `SELECT ${INSTANCE_COLUMNS}, i.version,
         CASE WHEN i.organization_id = $2 THEN ${AUTHORIZED_IDS('i')} END AS authorized_organization_ids
    FROM instances i
   WHERE i.id = $1 AND i.deleted_at IS NULL
     AND (i.organization_id = $2
          OR EXISTS (SELECT 1 FROM instance_authorized_organizations a
                      WHERE a.instance_id = i.id AND a.organization_id = $2))`;

/**
 * Hand-written SQL (./instance-list.sql.ts): lean column lists, organization scope and
 * `deleted_at IS NULL` in every WHERE, index-friendly shapes.
 *
 * A filtered list's exact total and first match are remembered with the organization's version
 * (the sum of its slot counters' changes, which every change of its live rows increases in the
 * same transaction): while the version is the same, the next pages need not count the matches
 * again, and each page walks the sort index from the first match. A page is checked against the
 * version in its own statement, so a total is never used for rows that have changed since; an
 * organization that changed is counted again (two round trips on that request).
 */
@Injectable()
export class TypeOrmInstanceReadModel extends InstanceReadModel {
  private readonly matches = new LRUCache<string, FilteredMatches>({ max: REMEMBERED_FILTERS });
  private readonly counting = new Map<string, Promise<FilteredMatches>>();

  constructor(private readonly sql: Sql) {
    super();
  }

  async findOne(organizationId: string, instanceId: string): Promise<VersionedInstanceView | undefined> {
    const rows = await this.sql.rows<InstanceViewRow & { version: number }>({
      text: FIND_ONE,
      values: [instanceId, organizationId],
      prepared: true,
    });
    return rows[0] && { ...toView(rows[0]), version: rows[0].version };
  }

  async list(criteria: InstanceListCriteria): Promise<{ totalItems: number; items: InstanceView[] }> {
    if (!isFiltered(criteria)) {
      const rows = await this.sql.rows<InstanceViewRow & { total: number }>(instancePageStatement(criteria));
      return { totalItems: rows[0].total, items: rows.filter((row) => row.id !== null).map(toView) };
    }
    const key = JSON.stringify([
      criteria.organizationId,
      criteria.nameContains,
      criteria.handleContains,
      criteria.order[0],
    ]);
    // While one request counts a filter's matches, the others asking for it wait for its count
    // instead of all counting at once (after a change, every reader of a big filter would).
    const known = this.matches.get(key) ?? (await this.counting.get(key)?.catch(() => undefined));
    if (known) {
      const rows = await this.sql.rows<FilteredRow>(instancePageStatement(criteria, known));
      if (rows[0].version === known.version) {
        return { totalItems: known.total, items: rows.filter((row) => row.id !== null).map(toView) };
      }
      if (this.matches.get(key) === known) this.matches.delete(key);
    }
    const counting = this.countWithPage(criteria);
    if (!this.counting.has(key)) {
      const matches = counting.then(({ matches }) => matches);
      const done = () => {
        if (this.counting.get(key) === matches) this.counting.delete(key);
      };
      this.counting.set(key, matches);
      matches.then(done, done);
    }
    const { matches, items } = await counting;
    this.matches.set(key, matches);
    return { totalItems: matches.total, items };
  }

  /** The page, with the matches counted in the same scan (or by a count, for a page past the end). */
  private async countWithPage(
    criteria: InstanceListCriteria,
  ): Promise<{ matches: FilteredMatches; items: InstanceView[] }> {
    const rows = await this.sql.rows<InstanceViewRow & CountedRow>(instancePageStatement(criteria));
    const [counted] = rows.length > 0 ? rows : await this.sql.rows<CountedRow>(instanceCountStatement(criteria));
    return { matches: matchesOf(counted), items: rows.map(toView) };
  }
}

function toView(row: InstanceViewRow): InstanceView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    createdByOrganizationId: row.created_by_organization_id,
    name: row.name,
    handle: row.handle,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.authorized_organization_ids ? { authorizedOrganizationIds: row.authorized_organization_ids } : {}),
  };
}
