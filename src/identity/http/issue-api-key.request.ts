import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { SCOPE_NAMES } from '../../shared/auth/scopes.js';

/** Both optional: a key without them may do whatever its partner's roles allow, forever. */
export class IssueApiKeyRequest {
  @ApiPropertyOptional({
    type: [String],
    enum: SCOPE_NAMES,
    nullable: true,
    description: 'Restricts the key to these scopes (as an integration token). Left out: unrestricted.',
    example: ['instances:read'],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[] | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the key stops working (a future date-time with time zone). Left out: never.',
    example: '2026-12-31T23:59:59Z',
  })
  @IsOptional()
  @IsString()
  expires_at?: string | null;
}
