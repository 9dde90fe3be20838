import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { formatTimestamp, jsonLdResource } from '../../shared/http/json-ld.js';
import type { WebhookDeliveryAttempt, WebhookEndpoint } from '../domain/webhook-endpoint.js';

export const WEBHOOK_ENDPOINT_TYPE = 'WebhookEndpoint';
export const WEBHOOK_ENDPOINT_PROPERTIES = [
  'id',
  'url',
  'event_types',
  'description',
  'disabled',
  'disabled_reason',
  'created_at',
  'updated_at',
  'secret',
] as const;
export const WEBHOOK_DELIVERY_TYPE = 'WebhookDelivery';
export const WEBHOOK_DELIVERY_PROPERTIES = [
  'event_id',
  'event_type',
  'attempted_at',
  'status',
  'duration_ms',
  'response_excerpt',
  'error',
] as const;

export class WebhookEndpointResource {
  @ApiPropertyOptional({ example: '/api/contexts/WebhookEndpoint' }) '@context'?: string;
  @ApiProperty({
    example:
      '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/webhook-endpoints/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d',
  })
  '@id'!: string;
  @ApiProperty({ example: WEBHOOK_ENDPOINT_TYPE }) '@type'!: string;
  @ApiProperty({ format: 'uuid', example: '0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d' }) id!: string;
  @ApiProperty({ example: 'https://hooks.example.com/instances' }) url!: string;
  @ApiPropertyOptional({ type: [String], description: 'Absent: every event type.', example: ['instance.created'] })
  event_types?: string[];
  @ApiPropertyOptional({ example: 'Provisioning' }) description?: string;
  @ApiProperty({
    description: 'No deliveries while true; events wait and are sent once enabled again.',
    example: false,
  })
  disabled!: boolean;
  @ApiPropertyOptional({ description: 'Why the service disabled it (deliveries failing for days).' })
  disabled_reason?: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:00+00:00' }) created_at!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:00+00:00' }) updated_at!: string;
  @ApiPropertyOptional({
    description:
      'The signing secret (Standard Webhooks), shown only in the answer to a create or a rotation: store it then.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret?: string;
}

export class WebhookDeliveryResource {
  @ApiProperty({
    format: 'uuid',
    description: 'Also the `webhook-id` header.',
    example: '0190c2d4-6e1f-7a3b-8c2d-4e5f6a7b8c9d',
  })
  event_id!: string;
  @ApiProperty({ example: 'instance.created' }) event_type!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T09:15:01+00:00' }) attempted_at!: string;
  @ApiPropertyOptional({
    type: 'integer',
    description: 'HTTP status of the answer; absent when none came.',
    example: 200,
  })
  status?: number;
  @ApiProperty({ type: 'integer', example: 42 }) duration_ms!: number;
  @ApiPropertyOptional({ description: 'The start of the answer body (512 bytes at most).' }) response_excerpt?: string;
  @ApiPropertyOptional({ description: 'Why the attempt failed.' }) error?: string;
}

export const endpointIri = (organizationId: string, endpointId: string) =>
  `/api/organizations/${organizationId}/webhook-endpoints/${endpointId}`;

export function endpointBody(
  endpoint: WebhookEndpoint,
  { secret, withContext = true }: { secret?: string; withContext?: boolean } = {},
): Record<string, unknown> {
  return jsonLdResource(
    { type: WEBHOOK_ENDPOINT_TYPE, iri: endpointIri(endpoint.organizationId, endpoint.id) },
    {
      id: endpoint.id,
      url: endpoint.url,
      event_types: endpoint.eventTypes,
      description: endpoint.description,
      disabled: endpoint.disabled,
      disabled_reason: endpoint.disabledReason,
      created_at: formatTimestamp(endpoint.createdAt),
      updated_at: formatTimestamp(endpoint.updatedAt),
      secret,
    },
    withContext,
  );
}

export function deliveryBody(attempt: WebhookDeliveryAttempt): Record<string, unknown> {
  return {
    event_id: attempt.eventId,
    event_type: attempt.eventType,
    attempted_at: formatTimestamp(attempt.attemptedAt),
    ...(attempt.status !== null && { status: attempt.status }),
    duration_ms: attempt.durationMs,
    ...(attempt.responseExcerpt !== null && { response_excerpt: attempt.responseExcerpt }),
    ...(attempt.error !== null && { error: attempt.error }),
  };
}

/** What a replay answers: how many dead deliveries since `since` are due again. */
export class WebhookReplayResource {
  @ApiPropertyOptional({ example: '/api/contexts/WebhookReplay' }) '@context'?: string;
  @ApiProperty({
    format: 'iri-reference',
    example:
      '/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/webhook-endpoints/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3e/replay',
  })
  '@id'!: string;
  @ApiProperty({ example: 'WebhookReplay' }) '@type'!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-05T00:00:00.000Z' }) since!: string;
  @ApiProperty({ minimum: 0, description: 'Deliveries sent again.', example: 2 }) replayed!: number;
}
