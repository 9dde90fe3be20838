import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';
import { ApiJsonLdResponse, ApiProblems, JsonLdModel } from '../../shared/http/openapi-schemas.js';
import { GetInstanceStatsQuery } from '../application/get-instance-stats/get-instance-stats.query.js';

export const INSTANCE_STATS_PROPERTIES = [
  'organization_id',
  'instances_created',
  'last_created_at',
  'instances_renamed',
  'instances_transferred_in',
  'instances_transferred_out',
  'instances_deleted',
] as const;

export class InstanceStatsResource extends JsonLdModel(
  'InstanceStats',
  '/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/instance-stats',
) {
  @ApiProperty({ format: 'uuid', example: '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d' }) organization_id!: string;
  @ApiProperty({ type: 'integer', description: 'Instances this organization has created, ever.', example: 3 })
  instances_created!: number;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When it last created one; absent if never.',
    example: '2026-03-05T09:15:00+00:00',
  })
  last_created_at?: string;
  @ApiProperty({ type: 'integer', description: 'Renames of instances while this organization owned them.', example: 1 })
  instances_renamed!: number;
  @ApiProperty({ type: 'integer', description: 'Instances other organizations transferred to this one.', example: 0 })
  instances_transferred_in!: number;
  @ApiProperty({ type: 'integer', description: 'Instances this organization transferred to others.', example: 1 })
  instances_transferred_out!: number;
  @ApiProperty({ type: 'integer', description: 'Instances this organization deleted.', example: 0 })
  instances_deleted!: number;
}

@ApiTags('Instance activity')
@ApiBearerAuth('apiKey')
@Controller('api/organizations/:organizationId/instance-stats')
export class InstanceStatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScopes('instances:read')
  @RequireOrganizationRole('member')
  @ApiOperation({
    operationId: 'getInstanceStats',
    summary: 'Count what an organization did with instances',
    description:
      'Kept by the instance-activity module from InstanceCreated, InstanceRenamed, InstanceTransferred and InstanceDeleted events (eventually consistent).',
  })
  @ApiParam({ name: 'organizationId', description: 'Organization identifier', schema: { type: 'string' } })
  @ApiJsonLdResponse(200, InstanceStatsResource, 'Instance activity statistics')
  @ApiProblems({ 401: 'Missing or invalid API key', 403: 'Forbidden', 404: 'Organization not found' })
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
