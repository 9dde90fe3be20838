import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCOPE_NAMES } from '../../shared/auth/scopes.js';
import type { ApiKeyView } from '../domain/partner.repository.js';
import type { CreatedPartner } from '../application/create-partner/create-partner.command.js';
import type { IssuedApiKey } from '../application/issue-api-key/issue-api-key.command.js';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';

const API_KEY_EXAMPLE = 'iak_QikZqPcNb-PF8JsS6kZfeKHudLnOktOI3cPwT-VFojY';

export class PartnerCreatedResponse {
  @ApiProperty({ example: '/api/contexts/Partner' }) '@context'!: string;
  @ApiProperty({ example: '/api/admin/partners/3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c' }) '@id'!: string;
  @ApiProperty({ example: 'Partner' }) '@type'!: string;
  @ApiProperty({ format: 'uuid', example: '3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c' }) id!: string;
  @ApiProperty({ example: 'Acme Integrations' }) name!: string;
  @ApiProperty({ example: 'ops@acme.example' }) email!: string;
  @ApiProperty({
    description: 'The API key in plain text. Shown once: only its hash is stored.',
    example: API_KEY_EXAMPLE,
  })
  api_key!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'Identifier of the key, to revoke it later.',
    example: '8a2e4c6d-1f3b-4a5c-9e7d-2b4f6a8c0e1d',
  })
  api_key_id!: string;
}

export class ApiKeyIssuedResponse {
  @ApiProperty({ example: '/api/contexts/ApiKey' }) '@context'!: string;
  @ApiProperty({
    example: '/api/admin/partners/3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c/keys/8a2e4c6d-1f3b-4a5c-9e7d-2b4f6a8c0e1d',
  })
  '@id'!: string;
  @ApiProperty({ example: 'ApiKey' }) '@type'!: string;
  @ApiProperty({ format: 'uuid', example: '8a2e4c6d-1f3b-4a5c-9e7d-2b4f6a8c0e1d' }) id!: string;
  @ApiProperty({ format: 'uuid', example: '3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c' }) partner_id!: string;
  @ApiProperty({
    description: 'The API key in plain text. Shown once: only its hash is stored.',
    example: API_KEY_EXAMPLE,
  })
  api_key!: string;
  @ApiPropertyOptional({
    type: [String],
    enum: SCOPE_NAMES,
    description: 'The scopes the key is restricted to; left out when it is unrestricted.',
    example: ['instances:read'],
  })
  scopes?: string[];
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the key stops working; left out when it never does.',
    example: '2026-12-31T23:59:59+00:00',
  })
  expires_at?: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:00+00:00' }) created_at!: string;
  // The ApiKey type's other properties, as the operator's list shows them: a key just issued has neither.
  @ApiPropertyOptional({ format: 'date-time', description: 'When the key last authenticated a request.' })
  last_used_at?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the key was revoked.' }) revoked_at?: string;
}

/** A key as an operator lists it: never the key itself. */
export class ApiKeyResponse {
  @ApiProperty({
    example: '/api/admin/partners/3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c/keys/8a2e4c6d-1f3b-4a5c-9e7d-2b4f6a8c0e1d',
  })
  '@id'!: string;
  @ApiProperty({ example: 'ApiKey' }) '@type'!: string;
  @ApiProperty({ format: 'uuid', example: '8a2e4c6d-1f3b-4a5c-9e7d-2b4f6a8c0e1d' }) id!: string;
  @ApiProperty({ format: 'uuid', example: '3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c' }) partner_id!: string;
  @ApiPropertyOptional({ type: [String], enum: SCOPE_NAMES, example: ['instances:read'] }) scopes?: string[];
  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-31T23:59:59+00:00' }) expires_at?: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:00+00:00' }) created_at!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the key last authenticated a request (to the minute); left out when never.',
    example: '2026-03-07T11:02:00+00:00',
  })
  last_used_at?: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-03-08T10:00:00+00:00' }) revoked_at?: string;
}

export const PARTNER_PROPERTIES = ['id', 'name', 'email', 'api_key', 'api_key_id'] as const;
export const API_KEY_PROPERTIES = [
  'id',
  'partner_id',
  'api_key',
  'scopes',
  'expires_at',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;

export function partnerCreatedBody(partner: CreatedPartner): Record<string, unknown> {
  return jsonLdResource(
    { type: 'Partner', iri: `/api/admin/partners/${partner.id}` },
    { id: partner.id, name: partner.name, email: partner.email, api_key: partner.apiKey, api_key_id: partner.apiKeyId },
  );
}

export function apiKeyIssuedBody(key: IssuedApiKey): Record<string, unknown> {
  return jsonLdResource(
    { type: 'ApiKey', iri: `/api/admin/partners/${key.partnerId}/keys/${key.id}` },
    {
      id: key.id,
      partner_id: key.partnerId,
      api_key: key.apiKey,
      scopes: key.scopes,
      expires_at: key.expiresAt && formatTimestamp(key.expiresAt),
      created_at: formatTimestamp(key.createdAt),
    },
  );
}

export function apiKeyBody(key: ApiKeyView): Record<string, unknown> {
  const timestamp = (date: Date | null) => date && formatTimestamp(date);
  return jsonLdResource(
    { type: 'ApiKey', iri: `/api/admin/partners/${key.partnerId}/keys/${key.id}` },
    {
      id: key.id,
      partner_id: key.partnerId,
      scopes: key.scopes,
      expires_at: timestamp(key.expiresAt),
      created_at: formatTimestamp(key.createdAt),
      last_used_at: timestamp(key.lastUsedAt),
      revoked_at: timestamp(key.revokedAt),
    },
    false,
  );
}
