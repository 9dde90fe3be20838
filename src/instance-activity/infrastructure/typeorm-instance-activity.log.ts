import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type InstanceActivity, InstanceActivityLog, type InstanceStats } from '../domain/instance-stats.js';
import { InstanceActivityEntity } from './instance-activity.entity.js';

interface StatsRow {
  created: number;
  last_created: Date | null;
  renamed: number;
  transferred_in: number;
  transferred_out: number;
  deleted: number;
}

@Injectable()
export class TypeOrmInstanceActivityLog extends InstanceActivityLog {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async record(...entries: InstanceActivity[]): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(InstanceActivityEntity)
      .values(entries)
      .orIgnore()
      .execute();
  }

  /** One pass over the organization's rows (index on organization_id first). */
  async statsOf(organizationId: string): Promise<InstanceStats> {
    const [row]: StatsRow[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE kind = 'created')::int AS created,
              max(occurred_at) FILTER (WHERE kind = 'created') AS last_created,
              count(*) FILTER (WHERE kind = 'renamed')::int AS renamed,
              count(*) FILTER (WHERE kind = 'transferred_in')::int AS transferred_in,
              count(*) FILTER (WHERE kind = 'transferred_out')::int AS transferred_out,
              count(*) FILTER (WHERE kind = 'deleted')::int AS deleted
         FROM instance_activity
        WHERE organization_id = $1`,
      [organizationId],
    );
    return {
      organizationId,
      instancesCreated: row.created,
      lastCreatedAt: row.last_created,
      instancesRenamed: row.renamed,
      instancesTransferredIn: row.transferred_in,
      instancesTransferredOut: row.transferred_out,
      instancesDeleted: row.deleted,
    };
  }
}
