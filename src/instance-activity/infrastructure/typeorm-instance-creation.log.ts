import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type InstanceCreation, InstanceCreationLog, type InstanceStats } from '../domain/instance-stats.js';
import { InstanceCreationEntity } from './instance-creation.entity.js';

@Injectable()
export class TypeOrmInstanceCreationLog extends InstanceCreationLog {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async record(creation: InstanceCreation): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(InstanceCreationEntity)
      .values(creation)
      .orIgnore()
      .execute();
  }

  async statsOf(organizationId: string): Promise<InstanceStats> {
    const [row]: { count: number; last: Date | null }[] = await this.dataSource.query(
      'SELECT count(*)::int AS count, max(created_at) AS last FROM instance_creation_log WHERE organization_id = $1',
      [organizationId],
    );
    return { organizationId, instancesCreated: row.count, lastCreatedAt: row.last };
  }
}
