import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class CreateInstanceRequest {
  @ApiProperty({ type: String, description: 'Human-readable display name of the instance.', example: 'Production EU' })
  @IsOptional()
  @IsString()
  name?: string | null;

  @ApiProperty({
    type: String,
    description:
      'Stable, URL-safe identifier of the instance. Used as the tenant subdomain when addressing the per-instance product services (e.g. https://acme-eu.product-management.flowkiwi.net). Lowercase letters and hyphens only, no leading or trailing hyphen, max 30 characters, unique across all instances. It cannot be changed after creation.',
    example: 'production-eu',
  })
  @IsOptional()
  @IsString()
  handle?: string | null;
}
