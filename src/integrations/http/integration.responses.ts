import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCOPE_NAMES } from '../../shared/auth/scopes.js';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';
import type { IntegrationView } from '../application/integration-view.js';

const ID = '0190c2d4-7a1e-7b2c-8d3f-4e5a6b7c8d9e';
const IRI = `/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/integrations/${ID}`;

export class IntegrationResponse {
  @ApiPropertyOptional({
    example: '/api/contexts/Integration',
    description: 'Left out on the members of a collection.',
  })
  '@context'?: string;
  @ApiProperty({ example: IRI }) '@id'!: string;
  @ApiProperty({ example: 'Integration' }) '@type'!: string;
  @ApiProperty({ format: 'uuid', example: ID }) id!: string;
  @ApiProperty({ example: 'ERP sync' }) name!: string;
  @ApiProperty({ description: 'OAuth 2.0 client id.', example: 'iic_0Jp3mB9dQ2cS8kV1xR5tZw' }) client_id!: string;
  @ApiProperty({ type: [String], enum: SCOPE_NAMES, example: ['instances:read', 'instances:write'] })
  scopes!: string[];
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:00+00:00' }) created_at!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Until when the secret replaced by the last rotation still works; left out when none does.',
    example: '2026-03-06T09:15:00+00:00',
  })
  previous_secret_expires_at?: string;
}

export class IntegrationWithSecretResponse extends IntegrationResponse {
  @ApiProperty({
    description: 'The client secret in plain text. Shown once: only its hash is stored.',
    example: 'ics_hT2m7Qd0yXn4VbK9sPz1aRfL3wEo8uJc6iGt5NqYkMv',
  })
  client_secret!: string;
}

export const INTEGRATION_PROPERTIES = [
  'id',
  'name',
  'client_id',
  'client_secret',
  'scopes',
  'created_at',
  'previous_secret_expires_at',
] as const;

export function integrationBody(
  view: IntegrationView & { clientSecret?: string },
  withContext = true,
): Record<string, unknown> {
  return jsonLdResource(
    { type: 'Integration', iri: `/api/organizations/${view.organizationId}/integrations/${view.id}` },
    {
      id: view.id,
      name: view.name,
      client_id: view.clientId,
      client_secret: view.clientSecret,
      scopes: view.scopes,
      created_at: formatTimestamp(view.createdAt),
      previous_secret_expires_at: view.previousSecretExpiresAt && formatTimestamp(view.previousSecretExpiresAt),
    },
    withContext,
  );
}
