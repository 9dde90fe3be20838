import { Query } from '@nestjs/cqrs';
import type { InstanceStats } from '../../domain/instance-stats.js';

export class GetInstanceStatsQuery extends Query<InstanceStats> {
  constructor(readonly organizationId: string) {
    super();
  }
}
