import { ApiExtraModels, ApiOperation, ApiParam, ApiQuery, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { contextIri } from '../../shared/http/json-ld.js';
import { ApiDocs, ApiJsonLdResponse, ApiProblems, JSON_LD_MEDIA_TYPE } from '../../shared/http/openapi-schemas.js';
import { MAX_ITEMS_PER_PAGE } from '../../shared/http/pagination.js';
import { EVENT_TYPE } from '../application/public-events.js';
import { DEFAULT_ITEMS } from './event-params.js';
import { EventResource } from './event.resource.js';

/** The OpenAPI documentation of each events operation (access answers: the controller's rules). */

const COLLECTION_SCHEMA = {
  type: 'object',
  required: ['@context', '@id', '@type', 'member', 'view'],
  properties: {
    '@context': { type: 'string', example: contextIri(EVENT_TYPE) },
    '@id': {
      type: 'string',
      format: 'iri-reference',
      example: '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/events',
    },
    '@type': { type: 'string', example: 'Collection' },
    member: { type: 'array', items: { $ref: getSchemaPath(EventResource) }, description: 'Oldest first.' },
    view: {
      type: 'object',
      required: ['@id', '@type', 'next'],
      description: 'A partial collection: no `totalItems`; `next` is always there, to poll.',
      properties: {
        '@id': {
          type: 'string',
          format: 'iri-reference',
          example: '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/events',
        },
        '@type': { type: 'string', example: 'PartialCollectionView' },
        next: {
          type: 'string',
          format: 'iri-reference',
          description: 'The page after this one; while it comes back empty, the consumer is caught up.',
          example:
            '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/events?after=0190c2d4-6e1f-7a3b-8c2d-4e5f6a7b8c9d',
        },
      },
    },
  },
};

export const ListEventsDocs = () =>
  ApiDocs(
    ApiOperation({
      operationId: 'listEvents',
      summary: "The organization's events, oldest first.",
      description:
        'Every change of an instance the organization owned when it happened; a transfer appears in the feeds of both organizations. Page forward with `after` (follow `view.next`, which is always present): an empty page means caught up, so poll `view.next` again later. An event appears only once every earlier one is visible, so a consumer that follows `view.next` misses none.',
    }),
    ApiQuery({
      name: 'after',
      required: false,
      schema: { type: 'string', format: 'uuid' },
      description: 'Only events after this event of the feed.',
    }),
    ApiQuery({
      name: 'itemsPerPage',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_ITEMS_PER_PAGE, default: DEFAULT_ITEMS },
      description: 'Events per page (at most 100).',
    }),
    ApiQuery({
      name: 'types[]',
      required: false,
      schema: { type: 'array', items: { type: 'string' } },
      style: 'form',
      explode: true,
      description: 'Only these event types (`types[]=instance.created&types[]=instance.deleted`).',
    }),
    ApiExtraModels(EventResource),
    ApiResponse({
      status: 200,
      description: 'A page of events',
      content: { [JSON_LD_MEDIA_TYPE]: { schema: COLLECTION_SCHEMA } },
    }),
    ApiProblems({ 400: 'Invalid query parameter' }),
  );

export const GetEventDocs = () =>
  ApiDocs(
    ApiOperation({ operationId: 'getEvent', summary: 'One event of the organization.' }),
    ApiParam({ name: 'eventId', description: 'Event identifier', schema: { type: 'string' } }),
    ApiJsonLdResponse(200, EventResource, 'The event'),
  );
