import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type { PublicEventCatalog } from '../outbox/public-event-catalog.js';

const SIGNATURE_HEADERS = {
  'webhook-id': { description: 'The event id, the same on every retry.', schema: { type: 'string', format: 'uuid' } },
  'webhook-timestamp': { description: 'Unix time (seconds) of this attempt.', schema: { type: 'string' } },
  'webhook-signature': {
    description: '`v1,<base64 HMAC-SHA256 of "id.timestamp.body" keyed with the secret>` (Standard Webhooks).',
    schema: { type: 'string' },
  },
};

/**
 * The OpenAPI `webhooks` section: one POST per public event type, its body built from the same
 * classes the service renders events with (PublicEventCatalog), so that the two cannot drift.
 */
export function webhooksSection(catalog: PublicEventCatalog): NonNullable<OpenAPIObject['webhooks']> {
  const section: Record<string, unknown> = {};
  for (const type of catalog.all()) {
    section[type.publicType] = {
      post: {
        operationId: `webhook_${type.publicType.replace(/\W/g, '_')}`,
        summary: type.summary,
        // The service calls the receiver; the receiver checks `webhook-signature`, not a key.
        security: [],
        description:
          'Sent to every webhook endpoint of the organization that asked for this type, signed as the Standard Webhooks specification says. Answer 2xx within 15 s; anything else is retried with a backoff. The same event may come more than once (same `webhook-id`): deduplicate on it.',
        parameters: Object.entries(SIGNATURE_HEADERS).map(([name, header]) => ({
          name,
          in: 'header',
          required: true,
          ...header,
        })),
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['type', 'timestamp', 'data'],
                properties: {
                  type: { type: 'string', enum: [type.publicType] },
                  timestamp: { type: 'string', format: 'date-time', description: 'When the event happened.' },
                  data: {
                    type: 'object',
                    description: 'The event as the events feed shows it.',
                    required: ['@id', '@type', 'id', 'type', 'occurred_at', 'data'],
                    properties: {
                      '@id': { type: 'string', format: 'iri-reference' },
                      '@type': { type: 'string', enum: ['Event'] },
                      id: { type: 'string', format: 'uuid' },
                      type: { type: 'string', enum: [type.publicType] },
                      occurred_at: { type: 'string', format: 'date-time' },
                      data: { $ref: getSchemaPath(type.dataSchema) },
                    },
                  },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'Any 2xx: delivered.' } },
      },
    };
  }
  return section as NonNullable<OpenAPIObject['webhooks']>;
}
