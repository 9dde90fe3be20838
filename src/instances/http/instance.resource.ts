import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';
import type { InstanceView } from '../domain/instance-read-model.js';

/** The resource type name clients of the original service know. */
export const INSTANCE_TYPE = 'OrganizationInstancesResource';

export const INSTANCE_PROPERTIES = [
  'id',
  'name',
  'handle',
  'created_at',
  'updated_at',
  'organization_id',
  'created_by_organization_id',
  'authorized_organization_ids',
] as const;

const nullableString = { type: String, nullable: true } as const;
const ORGANIZATION_EXAMPLE = '7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10';

export class InstanceResource {
  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
    example: '/api/contexts/OrganizationInstancesResource',
  })
  '@context'?: string;
  @ApiProperty({
    example: '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/instances/5b9d1e42-8c7a-4f0b-b3d2-6e1a9c4f7d21',
  })
  '@id'!: string;
  @ApiProperty({ example: INSTANCE_TYPE }) '@type'!: string;
  @ApiPropertyOptional({
    ...nullableString,
    format: 'uuid',
    description: 'Unique identifier of the instance.',
    example: '5b9d1e42-8c7a-4f0b-b3d2-6e1a9c4f7d21',
  })
  id!: string | null;
  @ApiPropertyOptional({
    ...nullableString,
    description: 'Human-readable display name of the instance.',
    example: 'Production EU',
  })
  name!: string | null;
  @ApiPropertyOptional({
    ...nullableString,
    description:
      'Stable, URL-safe identifier of the instance. Used as the tenant subdomain when addressing the per-instance product services (e.g. https://acme-eu.product-management.flowkiwi.net). Lowercase letters and hyphens only, no leading or trailing hyphen, unique across all instances.',
    example: 'production-eu',
  })
  handle!: string | null;
  @ApiPropertyOptional({
    ...nullableString,
    format: 'date-time',
    description: 'Date and time the instance was created (ISO 8601, UTC).',
    example: '2026-03-05T09:15:00+00:00',
  })
  created_at!: string | null;
  @ApiPropertyOptional({
    ...nullableString,
    format: 'date-time',
    description: 'Date and time the instance was last updated (ISO 8601, UTC).',
    example: '2026-03-06T17:40:12+00:00',
  })
  updated_at!: string | null;
  @ApiPropertyOptional({
    ...nullableString,
    format: 'uuid',
    description: 'Identifier of the organization that currently owns the instance.',
    example: ORGANIZATION_EXAMPLE,
  })
  organization_id!: string | null;
  @ApiPropertyOptional({
    ...nullableString,
    format: 'uuid',
    description:
      'Identifier of the organization that originally created the instance. Immutable, it does not change when the instance is transferred to another organization.',
    example: ORGANIZATION_EXAMPLE,
  })
  created_by_organization_id!: string | null;
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Identifiers of the organizations the instance may be transferred to, and whose members may read it. Sorted; shown to the owner organization only, and left out when there are none.',
    example: ['0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d'],
  })
  authorized_organization_ids?: string[];
}

function instanceIri(organizationId: string, instanceId: string): string {
  return `/api/organizations/${organizationId}/instances/${instanceId}`;
}

/**
 * The instance as the organization in the request path sees it (`viewedFrom`, the owner unless
 * said otherwise): its `@id` lies under that organization's path.
 */
export function instanceBody(
  instance: InstanceView,
  { viewedFrom = instance.organizationId, withContext = true }: { viewedFrom?: string; withContext?: boolean } = {},
): Record<string, unknown> {
  const authorized = instance.authorizedOrganizationIds;
  return jsonLdResource(
    { type: INSTANCE_TYPE, iri: instanceIri(viewedFrom, instance.id) },
    {
      id: instance.id,
      name: instance.name,
      handle: instance.handle,
      created_at: formatTimestamp(instance.createdAt),
      updated_at: formatTimestamp(instance.updatedAt),
      organization_id: instance.organizationId,
      created_by_organization_id: instance.createdByOrganizationId,
      authorized_organization_ids: authorized && authorized.length > 0 ? authorized : undefined,
    },
    withContext,
  );
}
