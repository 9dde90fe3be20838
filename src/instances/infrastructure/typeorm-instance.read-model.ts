import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type InstanceListCriteria,
  InstanceReadModel,
  type InstanceSortField,
  type InstanceView,
} from '../domain/instance-read-model.js';

const COLUMNS = 'id, organization_id, created_by_organization_id, name, handle, created_at, updated_at';

const SORT_COLUMNS: Record<InstanceSortField, string> = {
  name: 'name',
  handle: 'handle',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

interface InstanceRow {
  id: string;
  organization_id: string;
  created_by_organization_id: string;
  name: string;
  handle: string;
  created_at: Date;
  updated_at: Date;
}

/** Hand-written SQL: lean column lists, organization scope in every WHERE, index-friendly shapes. */
@Injectable()
export class TypeOrmInstanceReadModel extends InstanceReadModel {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async findOne(organizationId: string, instanceId: string): Promise<InstanceView | undefined> {
    const rows: InstanceRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM instances WHERE id = $1 AND organization_id = $2`,
      [instanceId, organizationId],
    );
    return rows[0] && toView(rows[0]);
  }

  async list(criteria: InstanceListCriteria): Promise<{ totalItems: number; items: InstanceView[] }> {
    const parameters: unknown[] = [criteria.organizationId];
    const conditions = ['organization_id = $1'];
    // Both filters are substring matches served by trigram indexes; `%`, `_` and `\` match literally.
    if (criteria.nameContains.length > 0) {
      parameters.push(criteria.nameContains.map(likePattern));
      conditions.push(`name ILIKE ANY($${parameters.length}::text[])`);
    }
    if (criteria.handleContains.length > 0) {
      parameters.push(criteria.handleContains.map(likePattern));
      conditions.push(`handle ILIKE ANY($${parameters.length}::text[])`);
    }
    const where = conditions.join(' AND ');

    const order = criteria.order.map(({ field, direction }) => `${SORT_COLUMNS[field]} ${direction}`);
    const lastDirection = criteria.order.at(-1)?.direction ?? 'desc';
    order.push(`id ${lastDirection}`);

    const [countRows, rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM instances WHERE ${where}`, parameters),
      criteria.limit === 0
        ? Promise.resolve([])
        : this.dataSource.query(
            `SELECT ${COLUMNS} FROM instances WHERE ${where} ORDER BY ${order.join(', ')} LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
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
  };
}
