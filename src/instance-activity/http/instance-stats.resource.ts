import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JsonLdModel } from '../../shared/http/openapi-schemas.js';

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
