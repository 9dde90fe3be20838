import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';

const EVENT_TYPES_DESCRIPTION =
  'Event types to receive (`instance.created`, `instance.renamed`, `instance.organization_authorized`, `instance.organization_unauthorized`, `instance.transferred`, `instance.deleted`); left out or null: all of them.';

export class CreateWebhookEndpointRequest {
  @ApiProperty({
    type: String,
    description: 'Where events are POSTed: `https`, on a public address (checked again at every delivery).',
    example: 'https://hooks.example.com/instances',
  })
  @IsOptional()
  @IsString()
  url?: string | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: EVENT_TYPES_DESCRIPTION,
    example: ['instance.created'],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  event_types?: string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Up to 500 characters.', example: 'Provisioning' })
  @IsOptional()
  @IsString()
  description?: string | null;
}

/** A JSON merge patch (RFC 7396) of an endpoint. */
export class UpdateWebhookEndpointRequest {
  @ApiPropertyOptional({ type: String, example: 'https://hooks.example.com/v2/instances' })
  @IsOptional()
  @IsString()
  url?: string;

  @ApiPropertyOptional({ type: [String], nullable: true, description: EVENT_TYPES_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  event_types?: string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true stops deliveries (events wait); false resumes them, with what was missed meanwhile.',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ReplayWebhookRequest {
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'Re-send the dead deliveries of events since then.',
    example: '2026-03-05T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  since?: string;
}
