import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/index.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { OpenApiTagRegistry } from '../shared/http/openapi-tags.js';
import { GetInstanceStatsHandler } from './application/get-instance-stats/get-instance-stats.handler.js';
import { RecordInstanceActivityHandler } from './application/record-instance-activity/record-instance-activity.handler.js';
import { InstanceActivityLog } from './domain/instance-stats.js';
import { InstanceStatsController } from './http/instance-stats.controller.js';
import { INSTANCE_STATS_PROPERTIES, InstanceStatsResource } from './http/instance-stats.resource.js';
import { InstanceActivityEntity } from './infrastructure/instance-activity.entity.js';
import { TypeOrmInstanceActivityLog } from './infrastructure/typeorm-instance-activity.log.js';

/**
 * The worked example of extending the service: a module that reacts to instance events (imported
 * from src/instances/index.ts, the instances module's public face) and touches nothing else there.
 * It keeps a per-organization activity log (created, renamed, transferred in/out, deleted) and
 * serves counters from it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([InstanceActivityEntity]), OrganizationsModule],
  controllers: [InstanceStatsController],
  providers: [
    { provide: InstanceActivityLog, useClass: TypeOrmInstanceActivityLog },
    RecordInstanceActivityHandler,
    GetInstanceStatsHandler,
  ],
})
export class InstanceActivityModule implements OnModuleInit {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    tags: OpenApiTagRegistry,
  ) {
    tags.register({
      name: 'Instance activity',
      description: 'Figures other modules keep from instance events (eventually consistent).',
      order: 30,
    });
  }

  onModuleInit(): void {
    this.contexts.register('InstanceStats', INSTANCE_STATS_PROPERTIES, InstanceStatsResource);
  }
}
