import { Injectable } from '@nestjs/common';
import { Sql } from '../../shared/database/sql.js';
import {
  type InstanceListCriteria,
  InstanceReadModel,
  type InstanceView,
  type VersionedInstanceView,
} from '../domain/instance-read-model.js';
import {
  AUTHORIZED_IDS,
  INSTANCE_COLUMNS,
  instanceCountStatement,
  instancePageStatement,
  type InstanceRow,
} from './instance-list.sql.js';

interface InstanceViewRow extends InstanceRow {
  /** NULL unless the organization asking owns the instance. */
  authorized_organization_ids: string[] | null;
}

/**
 * Hand-written SQL (./instance-list.sql.ts): lean column lists, organization scope and
 * `deleted_at IS NULL` in every WHERE, index-friendly shapes.
 */
@Injectable()
export class TypeOrmInstanceReadModel extends InstanceReadModel {
  constructor(private readonly sql: Sql) {
    super();
  }

  async findOne(organizationId: string, instanceId: string): Promise<VersionedInstanceView | undefined> {
    // Members of an authorized organization may read it through their own organization's path.
    const rows = await this.sql.rows<InstanceViewRow & { version: number }>({
      text: `SELECT ${INSTANCE_COLUMNS}, i.version,
              CASE WHEN i.organization_id = $2 THEN ${AUTHORIZED_IDS('i')} END AS authorized_organization_ids
         FROM instances i
        WHERE i.id = $1 AND i.deleted_at IS NULL
          AND (i.organization_id = $2
               OR EXISTS (SELECT 1 FROM instance_authorized_organizations a
                           WHERE a.instance_id = i.id AND a.organization_id = $2))`,
      values: [instanceId, organizationId],
      prepared: true,
    });
    return rows[0] && { ...toView(rows[0]), version: rows[0].version };
  }

  async list(criteria: InstanceListCriteria): Promise<{ totalItems: number; items: InstanceView[] }> {
    const rows = await this.sql.rows<InstanceViewRow & { total: number }>(instancePageStatement(criteria));
    const items = rows.filter((row) => row.id !== null).map(toView);
    if (rows.length > 0) return { totalItems: rows[0].total, items };
    // Only a filtered page can come back without rows: empty result, or a page past the end.
    if (criteria.offset === 0 && criteria.limit > 0) return { totalItems: 0, items };
    const [count] = await this.sql.rows<{ total: number }>(instanceCountStatement(criteria));
    return { totalItems: count.total, items };
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
