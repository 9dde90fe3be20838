import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InstanceActivityLog, type InstanceStats } from '../../domain/instance-stats.js';
import { GetInstanceStatsQuery } from './get-instance-stats.query.js';

@QueryHandler(GetInstanceStatsQuery)
export class GetInstanceStatsHandler implements IQueryHandler<GetInstanceStatsQuery> {
  constructor(private readonly log: InstanceActivityLog) {}

  execute(query: GetInstanceStatsQuery): Promise<InstanceStats> {
    return this.log.statsOf(query.organizationId);
  }
}
