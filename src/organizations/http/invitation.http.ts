import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ORGANIZATION_ROLES } from '../domain/organization-role.js';
import { ProblemException } from '../../shared/http/problem.exception.js';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';
import { lastValue } from '../../shared/http/pagination.js';
import type { InvitationView } from '../application/invitations/invitation-view.js';
import { INVITATION_STATUSES, type InvitationStatus } from '../domain/invitation.js';

export class CreateInvitationRequest {
  @ApiProperty({ type: String, description: 'Email of the partner invited.', example: 'bob@partner.example' })
  @IsOptional()
  @IsString()
  email?: string | null;

  @ApiProperty({ enum: ORGANIZATION_ROLES, description: 'Role the partner gets on accepting.', example: 'member' })
  @IsOptional()
  @IsString()
  role?: string | null;
}

const ID = '0190c2d4-9c1e-7d2c-8a3f-1e5a6b7c8d9e';

export class InvitationResponse {
  @ApiPropertyOptional({ example: '/api/contexts/Invitation', description: 'Left out on the members of a collection.' })
  '@context'?: string;
  @ApiProperty({ example: `/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/invitations/${ID}` }) '@id'!: string;
  @ApiProperty({ example: 'Invitation' }) '@type'!: string;
  @ApiProperty({ format: 'uuid', example: ID }) id!: string;
  @ApiProperty({ format: 'uuid', example: '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d' }) organization_id!: string;
  @ApiProperty({ example: 'bob@partner.example' }) email!: string;
  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'member' }) role!: string;
  @ApiProperty({ enum: INVITATION_STATUSES, example: 'pending' }) status!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-12T09:15:00+00:00' }) expires_at!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:00+00:00' }) created_at!: string;
}

export const INVITATION_PROPERTIES = [
  'id',
  'organization_id',
  'email',
  'role',
  'status',
  'expires_at',
  'created_at',
] as const;

export function invitationBody(view: InvitationView, withContext = true): Record<string, unknown> {
  return jsonLdResource(
    { type: 'Invitation', iri: `/api/organizations/${view.organizationId}/invitations/${view.id}` },
    {
      id: view.id,
      organization_id: view.organizationId,
      email: view.email,
      role: view.role,
      status: view.status,
      expires_at: formatTimestamp(view.expiresAt),
      created_at: formatTimestamp(view.createdAt),
    },
    withContext,
  );
}

/** The `status` filter of a list: one of the statuses, or left out for all. */
export function parseStatusFilter(query: Record<string, unknown>): InvitationStatus | undefined {
  const value = lastValue(query.status);
  if (value === undefined || value === '') return undefined;
  if (!(INVITATION_STATUSES as readonly string[]).includes(value)) {
    throw ProblemException.of(400, `The status filter must be one of: ${INVITATION_STATUSES.join(', ')}.`);
  }
  return value as InvitationStatus;
}
