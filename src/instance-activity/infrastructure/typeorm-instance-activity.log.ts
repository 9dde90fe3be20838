import { Injectable } from '@nestjs/common';
import { Sql } from '../../shared/database/sql.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';
import { type InstanceActivity, InstanceActivityLog, type InstanceStats } from '../domain/instance-stats.js';

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
  constructor(
    private readonly sql: Sql,
    private readonly unitOfWork: UnitOfWork,
  ) {
    super();
  }

  async record(...entries: InstanceActivity[]): Promise<void> {
    if (entries.length === 0) return;
    // A redelivered event finds its rows there already (the key is event and organization).
    await this.unitOfWork.statement({
      text: `INSERT INTO instance_activity (event_id, organization_id, instance_id, kind, handle, occurred_at)
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
             ON CONFLICT DO NOTHING`,
      values: [
        entries.map((entry) => entry.eventId),
        entries.map((entry) => entry.organizationId),
        entries.map((entry) => entry.instanceId),
        entries.map((entry) => entry.kind),
        entries.map((entry) => entry.handle),
        entries.map((entry) => entry.occurredAt),
      ],
    });
  }

  /** One pass over the organization's rows (index on organization_id first). */
  async statsOf(organizationId: string): Promise<InstanceStats> {
    const [row] = await this.sql.rows<StatsRow>({
      text: `SELECT count(*) FILTER (WHERE kind = 'created')::int AS created,
              max(occurred_at) FILTER (WHERE kind = 'created') AS last_created,
              count(*) FILTER (WHERE kind = 'renamed')::int AS renamed,
              count(*) FILTER (WHERE kind = 'transferred_in')::int AS transferred_in,
              count(*) FILTER (WHERE kind = 'transferred_out')::int AS transferred_out,
              count(*) FILTER (WHERE kind = 'deleted')::int AS deleted
         FROM instance_activity
        WHERE organization_id = $1`,
      values: [organizationId],
    });
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
