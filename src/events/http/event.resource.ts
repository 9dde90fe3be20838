import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const EVENT_ID_EXAMPLE = '0190c2d4-6e1f-7a3b-8c2d-4e5f6a7b8c9d';

/** One event as the feed, webhooks and the broker show it. */
export class EventResource {
  @ApiPropertyOptional({ description: 'On a single event, not on collection members.', example: '/api/contexts/Event' })
  '@context'?: string;
  @ApiProperty({
    format: 'iri-reference',
    example: `/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/events/${EVENT_ID_EXAMPLE}`,
  })
  '@id'!: string;
  @ApiProperty({ example: 'Event' }) '@type'!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'Unique, and the same on every delivery of the event.',
    example: EVENT_ID_EXAMPLE,
  })
  id!: string;
  @ApiProperty({
    description: 'What happened; the `webhooks` section of this document describes `data` for each type.',
    example: 'instance.renamed',
  })
  type!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When it happened (ISO 8601, UTC).',
    example: '2026-03-06T17:40:12+00:00',
  })
  occurred_at!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The resource as GET showed it right after the change (for a deletion: its last state), plus `previous_attributes` where the change replaced something (the old name, the old owner).',
    example: {
      '@id': '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/instances/5b9d1e42-8c7a-4f0b-b3d2-6e1a9c4f7d21',
      '@type': 'OrganizationInstancesResource',
      id: '5b9d1e42-8c7a-4f0b-b3d2-6e1a9c4f7d21',
      name: 'Production EU',
      handle: 'production-eu',
      created_at: '2026-03-05T09:15:00+00:00',
      updated_at: '2026-03-06T17:40:12+00:00',
      organization_id: '7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10',
      created_by_organization_id: '7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10',
      previous_attributes: { name: 'Production' },
    },
  })
  data!: Record<string, unknown>;
}
