import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type InstanceListCriteria,
  InstanceReadModel,
  type InstanceSortField,
  type InstanceView,
} from '../domain/instance-read-model.js';

const COLUMNS = 'i.id, i.organization_id, i.created_by_organization_id, i.name, i.handle, i.created_at, i.updated_at';
/** The owner's view only: sorted ids, served by the primary key of the authorizations table. */
const AUTHORIZED_IDS = `ARRAY(SELECT a.organization_id::text FROM instance_authorized_organizations a
                              WHERE a.instance_id = i.id ORDER BY a.organization_id)`;

const SORT_COLUMNS: Record<InstanceSortField, string> = {
  name: 'i.name',
  handle: 'i.handle',
  createdAt: 'i.created_at',
  updatedAt: 'i.updated_at',
};

interface InstanceRow {
  id: string;
  organization_id: string;
  created_by_organization_id: string;
  name: string;
  handle: string;
  created_at: Date;
  updated_at: Date;
  /** NULL unless the organization asking owns the instance. */
  authorized_organization_ids: string[] | null;
}

/**
 * Hand-written SQL: lean column lists, organization scope and `deleted_at IS NULL` in every WHERE,
 * index-friendly shapes.
 */
@Injectable()
export class TypeOrmInstanceReadModel extends InstanceReadModel {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async findOne(organizationId: string, instanceId: string): Promise<InstanceView | undefined> {
    // Members of an authorized organization may read it through their own organization's path.
    const rows: InstanceRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS},
              CASE WHEN i.organization_id = $2 THEN ${AUTHORIZED_IDS} END AS authorized_organization_ids
         FROM instances i
        WHERE i.id = $1 AND i.deleted_at IS NULL
          AND (i.organization_id = $2
               OR EXISTS (SELECT 1 FROM instance_authorized_organizations a
                           WHERE a.instance_id = i.id AND a.organization_id = $2))`,
      [instanceId, organizationId],
    );
    return rows[0] && toView(rows[0]);
  }

  async list(criteria: InstanceListCriteria): Promise<{ totalItems: number; items: InstanceView[] }> {
    const parameters: unknown[] = [criteria.organizationId];
    const conditions = ['i.organization_id = $1', 'i.deleted_at IS NULL'];
    // Both filters are substring matches served by trigram indexes; `%`, `_` and `\` match literally.
    if (criteria.nameContains.length > 0) {
      parameters.push(criteria.nameContains.map(likePattern));
      conditions.push(`i.name ILIKE ANY($${parameters.length}::text[])`);
    }
    if (criteria.handleContains.length > 0) {
      parameters.push(criteria.handleContains.map(likePattern));
      conditions.push(`i.handle ILIKE ANY($${parameters.length}::text[])`);
    }
    const where = conditions.join(' AND ');

    const order = criteria.order.map(({ field, direction }) => `${SORT_COLUMNS[field]} ${direction}`);
    const lastDirection = criteria.order.at(-1)?.direction ?? 'desc';
    order.push(`i.id ${lastDirection}`);

    const [countRows, rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM instances i WHERE ${where}`, parameters),
      criteria.limit === 0
        ? Promise.resolve([])
        : this.dataSource.query(
            `SELECT ${COLUMNS}, ${AUTHORIZED_IDS} AS authorized_organization_ids FROM instances i WHERE ${where} ORDER BY ${order.join(', ')} LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
            [...parameters, criteria.limit, criteria.offset],
          ),
    ]);
    return { totalItems: (countRows as { total: number }[])[0].total, items: (rows as InstanceRow[]).map(toView) };
  }
}

function likePattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function toView(row: InstanceRow): InstanceView {
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
