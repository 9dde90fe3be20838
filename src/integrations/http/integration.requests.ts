import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { SCOPE_NAMES } from '../../shared/auth/scopes.js';

export class CreateIntegrationRequest {
  @ApiProperty({ type: String, description: 'Display name of the integration.', example: 'ERP sync' })
  @IsOptional()
  @IsString()
  name?: string | null;

  @ApiProperty({
    type: [String],
    enum: SCOPE_NAMES,
    description: 'The scopes its tokens may be granted (at least one). Unknown scopes answer 422.',
    example: ['instances:read', 'instances:write'],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[] | null;
}
