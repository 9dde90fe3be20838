import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class CreateOrganizationRequest {
  @ApiProperty({ type: String, description: 'Display name of the organization.', example: 'Acme Europe' })
  @IsOptional()
  @IsString()
  name?: string | null;
}

export class RenameOrganizationRequest {
  @ApiPropertyOptional({ type: String, description: 'New display name. Left out: unchanged.', example: 'Acme EU' })
  @IsOptional()
  @IsString()
  name?: string | null;
}

export class PutMemberRequest {
  @ApiProperty({
    enum: ['owner', 'member'],
    description: 'Role of the partner in the organization.',
    example: 'member',
  })
  @IsOptional()
  @IsString()
  role?: string | null;
}
