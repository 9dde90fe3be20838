import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional, IsString } from 'class-validator';

/** A JSON merge patch (RFC 7396) of an instance. */
export class UpdateInstanceRequest {
  @ApiPropertyOptional({
    type: String,
    description: 'New display name of the instance. Left out: unchanged.',
    example: 'Production EU (primary)',
  })
  @IsOptional()
  @IsString()
  name?: string | null;

  /** Kept (not stripped as unknown) only so that the domain can refuse it with a 422. */
  @ApiPropertyOptional({
    type: String,
    description:
      'Immutable: the handle is the tenant subdomain and cannot be changed. Any value here, even the current one, is refused with a 422 on `handle`.',
    example: 'production-eu',
  })
  @Allow()
  handle?: unknown;
}

export class TransferInstanceRequest {
  @ApiProperty({
    type: String,
    format: 'uuid',
    description:
      "Identifier of the organization that will own the instance. It must be one of the instance's authorized organizations.",
    example: '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d',
  })
  @IsOptional()
  @IsString()
  organization_id?: string | null;
}
