import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';
import type { MemberView, OrganizationView } from '../domain/organization.repository.js';

export class OrganizationMemberResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'Identifier of the partner.',
    example: '3f6c1a9e-2d4b-4e8f-9a1c-7b5d0e2f4a6c',
  })
  id!: string;
  @ApiProperty({ example: 'ops@acme.example' }) email!: string;
  @ApiProperty({ example: 'Acme Integrations' }) name!: string;
  @ApiProperty({ enum: ['owner', 'member'], example: 'owner' }) role!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When the partner joined (ISO 8601, UTC).',
    example: '2026-03-05T09:15:00+00:00',
  })
  joined_at!: string;
}

export class OrganizationResponse {
  @ApiPropertyOptional({
    example: '/api/contexts/Organization',
    description: 'Left out on the members of a collection.',
  })
  '@context'?: string;
  @ApiProperty({ example: '/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d' }) '@id'!: string;
  @ApiProperty({ example: 'Organization' }) '@type'!: string;
  @ApiProperty({ format: 'uuid', example: '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d' }) id!: string;
  @ApiProperty({ example: 'Acme Europe' }) name!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:00+00:00' }) created_at!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-06T17:40:12+00:00' }) updated_at!: string;
  @ApiProperty({ type: [OrganizationMemberResponse], description: 'Partners with the owner role.' })
  owners!: OrganizationMemberResponse[];
  @ApiProperty({ type: [OrganizationMemberResponse], description: 'Partners with the member role.' })
  members!: OrganizationMemberResponse[];
}

export const ORGANIZATION_PROPERTIES = [
  'id',
  'name',
  'created_at',
  'updated_at',
  'owners',
  'members',
  'email',
  'role',
  'joined_at',
] as const;

function organizationIri(id: string): string {
  return `/api/organizations/${id}`;
}

export function organizationBody(view: OrganizationView, withContext = true): Record<string, unknown> {
  const member = (m: MemberView) => ({
    id: m.id,
    email: m.email,
    name: m.name,
    role: m.role,
    joined_at: formatTimestamp(m.joinedAt),
  });
  return jsonLdResource(
    { type: 'Organization', iri: organizationIri(view.id) },
    {
      id: view.id,
      name: view.name,
      created_at: formatTimestamp(view.createdAt),
      updated_at: formatTimestamp(view.updatedAt),
      owners: view.members.filter((m) => m.role === 'owner').map(member),
      members: view.members.filter((m) => m.role === 'member').map(member),
    },
    withContext,
  );
}
