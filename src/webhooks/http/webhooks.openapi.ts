import {
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { contextIri } from '../../shared/http/json-ld.js';
import { ApiDocs, ApiJsonLdResponse, ApiProblems, JSON_LD_MEDIA_TYPE } from '../../shared/http/openapi-schemas.js';
import {
  CreateWebhookEndpointRequest,
  ReplayWebhookRequest,
  UpdateWebhookEndpointRequest,
} from './webhook.requests.js';
import {
  WEBHOOK_DELIVERY_TYPE,
  WEBHOOK_ENDPOINT_TYPE,
  WebhookDeliveryResource,
  WebhookReplayResource,
  WebhookEndpointResource,
} from './webhook.resources.js';

/** The OpenAPI documentation of each webhook endpoints operation (access answers: the controller's rules). */

const ENDPOINTS_EXAMPLE = '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/webhook-endpoints';

const collectionSchema = (model: new () => unknown, type: string, id: string, withTotal: boolean) => ({
  type: 'object',
  required: ['@context', '@id', '@type', 'member', ...(withTotal ? ['totalItems'] : [])],
  properties: {
    '@context': { type: 'string', example: contextIri(type) },
    '@id': { type: 'string', format: 'iri-reference', example: id },
    '@type': { type: 'string', example: 'Collection' },
    ...(withTotal ? { totalItems: { type: 'integer', minimum: 0, example: 1 } } : {}),
    member: { type: 'array', items: { $ref: getSchemaPath(model) } },
  },
});

export const CreateWebhookEndpointDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'createWebhookEndpoint',
      summary: 'Register a webhook endpoint.',
      description:
        "The organization's events from now on are POSTed to `url`, signed as the Standard Webhooks specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The answer holds the signing `secret`, shown this once. Any 2xx within 15 s is a success; anything else is retried with a backoff for about a day.",
    }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiBody({ type: CreateWebhookEndpointRequest }),
    ApiJsonLdResponse(201, WebhookEndpointResource, 'Endpoint registered; `secret` is shown only here'),
    ApiProblems({ 400: 'Invalid input', 415: 'Unsupported media type', 422: 'Validation error' }),
  );

export const ListWebhookEndpointsDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'listWebhookEndpoints', summary: "The organization's webhook endpoints." }),
    ApiResponse({
      status: 200,
      description: 'Every endpoint, oldest first',
      content: {
        [JSON_LD_MEDIA_TYPE]: {
          schema: collectionSchema(WebhookEndpointResource, WEBHOOK_ENDPOINT_TYPE, ENDPOINTS_EXAMPLE, true),
        },
      },
    }),
  );

export const GetWebhookEndpointDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'getWebhookEndpoint', summary: 'One webhook endpoint (never its secret).' }),
    ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } }),
    ApiJsonLdResponse(200, WebhookEndpointResource, 'The endpoint'),
  );

export const UpdateWebhookEndpointDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'updateWebhookEndpoint',
      summary: 'Change a webhook endpoint (JSON merge patch).',
      description: '`url`, `event_types`, `description` and `disabled`; enabling it again clears `disabled_reason`.',
    }),
    ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } }),
    ApiConsumes('application/merge-patch+json'),
    ApiBody({ type: UpdateWebhookEndpointRequest }),
    ApiJsonLdResponse(200, WebhookEndpointResource, 'The endpoint as changed'),
    ApiProblems({
      400: 'Invalid input',
      415: 'Unsupported media type: use application/merge-patch+json',
      422: 'Validation error',
    }),
  );

export const DeleteWebhookEndpointDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Remove a webhook endpoint and its delivery log.' }),
    ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } }),
    ApiNoContentResponse({ description: 'Endpoint removed' }),
  );

export const RotateWebhookSecretDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'rotateWebhookSecret',
      summary: 'Replace the signing secret.',
      description: 'Deliveries are signed with the new secret from now on; the answer shows it this once.',
    }),
    ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } }),
    ApiJsonLdResponse(200, WebhookEndpointResource, 'The endpoint with its new `secret`'),
  );

export const ListWebhookDeliveriesDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'listWebhookDeliveries',
      summary: 'The latest delivery attempts (100 at most), newest first.',
    }),
    ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } }),
    ApiResponse({
      status: 200,
      description: 'Attempts: time, HTTP status, duration, a short excerpt of the answer',
      content: {
        [JSON_LD_MEDIA_TYPE]: {
          schema: collectionSchema(
            WebhookDeliveryResource,
            WEBHOOK_DELIVERY_TYPE,
            `${ENDPOINTS_EXAMPLE}/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d/deliveries`,
            false,
          ),
        },
      },
    }),
  );

export const ReplayWebhookDeliveriesDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'replayWebhookDeliveries',
      summary: 'Re-send what the endpoint missed.',
      description:
        'Every delivery of an event since `since` that was given up on (dead) is sent again, in order per instance, with its original `webhook-id`.',
    }),
    ApiParam({ name: 'endpointId', description: 'Webhook endpoint identifier', schema: { type: 'string' } }),
    ApiConsumes('application/ld+json', 'application/json'),
    ApiBody({ type: ReplayWebhookRequest }),
    ApiJsonLdResponse(202, WebhookReplayResource, 'The deliveries are due again'),
    ApiProblems({ 400: 'Invalid input', 415: 'Unsupported media type', 422: 'Validation error' }),
  );
