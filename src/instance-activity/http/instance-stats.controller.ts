import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';
import { GetInstanceStatsQuery } from '../application/get-instance-stats/get-instance-stats.query.js';
import { MembersOnly } from '../../organizations/index.js';
import { GetInstanceStatsDocs } from './instance-stats.openapi.js';

@ApiTags('Instance activity')
@ApiBearerAuth('apiKey')
@Controller('api/organizations/:organizationId/instance-stats')
export class InstanceStatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScopes('instances:read')
  @MembersOnly()
  @GetInstanceStatsDocs()
  async get(@Param('organizationId') organizationId: string) {
    const stats = await this.queries.execute(new GetInstanceStatsQuery(organizationId));
    return jsonLdResource(
      { type: 'InstanceStats', iri: `/api/organizations/${organizationId}/instance-stats` },
      {
        organization_id: stats.organizationId,
        instances_created: stats.instancesCreated,
        last_created_at: stats.lastCreatedAt && formatTimestamp(stats.lastCreatedAt),
        instances_renamed: stats.instancesRenamed,
        instances_transferred_in: stats.instancesTransferredIn,
        instances_transferred_out: stats.instancesTransferredOut,
        instances_deleted: stats.instancesDeleted,
      },
    );
  }
}
