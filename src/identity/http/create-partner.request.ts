import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class CreatePartnerRequest {
  @ApiProperty({ type: String, description: 'Display name of the partner.', example: 'Acme Integrations' })
  @IsOptional()
  @IsString()
  name?: string | null;

  @ApiProperty({ type: String, description: 'Contact email, unique across partners.', example: 'ops@acme.example' })
  @IsOptional()
  @IsString()
  email?: string | null;
}
