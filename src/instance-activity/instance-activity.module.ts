import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { GetInstanceStatsHandler } from './application/get-instance-stats/get-instance-stats.handler.js';
import { RecordInstanceCreationHandler } from './application/record-instance-creation/record-instance-creation.handler.js';
import { InstanceCreationLog } from './domain/instance-stats.js';
import { INSTANCE_STATS_PROPERTIES, InstanceStatsController } from './http/instance-stats.controller.js';
import { InstanceCreationEntity } from './infrastructure/instance-creation.entity.js';
import { TypeOrmInstanceCreationLog } from './infrastructure/typeorm-instance-creation.log.js';

/**
 * The worked example of extending the service: a module that reacts to InstanceCreated (imported
 * from src/instances/index.ts, the instances module's public face) and touches nothing else there.
 * It keeps a per-organization creation log and serves a counter from it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([InstanceCreationEntity]), OrganizationsModule],
  controllers: [InstanceStatsController],
  providers: [
    { provide: InstanceCreationLog, useClass: TypeOrmInstanceCreationLog },
    RecordInstanceCreationHandler,
    GetInstanceStatsHandler,
  ],
})
export class InstanceActivityModule implements OnModuleInit {
  constructor(private readonly contexts: JsonLdContextRegistry) {}

  onModuleInit(): void {
    this.contexts.register('InstanceStats', INSTANCE_STATS_PROPERTIES);
  }
}
