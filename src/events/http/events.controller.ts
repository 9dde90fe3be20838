import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { contextIri } from '../../shared/http/json-ld.js';
import { ApiJsonLdResponse, ApiProblems, JSON_LD_MEDIA_TYPE } from '../../shared/http/openapi-schemas.js';
import { lastValue, MAX_ITEMS_PER_PAGE } from '../../shared/http/pagination.js';
import { ProblemException } from '../../shared/http/problem.exception.js';
import { requestPath } from '../../shared/http/request-path.js';
import { GetEventQuery } from '../application/get-event/get-event.query.js';
import { ListEventsQuery } from '../application/list-events/list-events.query.js';
import { EVENT_TYPE, PublicEvents } from '../application/public-events.js';
import { eventIdPipe } from './event-params.js';
import { EventResource } from './event.resource.js';

const DEFAULT_ITEMS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

@ApiTags('Events')
@ApiBearerAuth('apiKey')
@ApiParam({ name: 'organizationId', description: 'Organization identifier', schema: { type: 'string' } })
@ApiProblems({ 401: 'Missing, invalid or revoked API key', 403: 'Forbidden', 404: 'Not found' })
@Controller('api/organizations/:organizationId/events')
export class EventsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly events: PublicEvents,
  ) {}

  @Get()
  @RequireOrganizationRole('member')
  @RequireScopes('events:read')
  @ApiOperation({
    operationId: 'listEvents',
    summary: "The organization's events, oldest first.",
    description:
      'Every change of an instance the organization owned when it happened; a transfer appears in the feeds of both organizations. Page forward with `after` (follow `view.next`, which is always present): an empty page means caught up, so poll `view.next` again later. An event appears only once every earlier one is visible, so a consumer that follows `view.next` misses none.',
  })
  @ApiQuery({
    name: 'after',
    required: false,
    schema: { type: 'string', format: 'uuid' },
    description: 'Only events after this event of the feed.',
  })
  @ApiQuery({
    name: 'itemsPerPage',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: MAX_ITEMS_PER_PAGE, default: DEFAULT_ITEMS },
    description: 'Events per page (at most 100).',
  })
  @ApiQuery({
    name: 'types[]',
    required: false,
    schema: { type: 'array', items: { type: 'string' } },
    style: 'form',
    explode: true,
    description: 'Only these event types (`types[]=instance.created&types[]=instance.deleted`).',
  })
  @ApiExtraModels(EventResource)
  @ApiResponse({
    status: 200,
    description: 'A page of events',
    content: { [JSON_LD_MEDIA_TYPE]: { schema: COLLECTION_SCHEMA } },
  })
  @ApiProblems({ 400: 'Invalid query parameter' })
  async list(
    @Param('organizationId') organizationId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ) {
    const after = lastValue(query.after);
    if (after !== undefined && !UUID.test(after)) throw ProblemException.of(400, '"after" must be an event id.');
    const limit = parseItemsPerPage(lastValue(query.itemsPerPage));
    const types = [...new Set(asArray(query['types[]']))];
    const unknown = types.find((type) => !this.events.storedTypes([type]));
    if (unknown !== undefined) {
      throw ProblemException.of(
        400,
        `Unknown event type "${unknown}"; known: ${this.events.publicTypes().join(', ')}.`,
      );
    }
    const found = await this.queries.execute(new ListEventsQuery(organizationId, after?.toLowerCase(), types, limit));
    const path = requestPath(request);
    const link = (from: string | undefined) => {
      const parameters = [
        ...(from ? [`after=${from}`] : []),
        ...(query.itemsPerPage !== undefined ? [`itemsPerPage=${limit}`] : []),
        ...types.map((type) => `${encodeURIComponent('types[]')}=${encodeURIComponent(type)}`),
      ];
      return parameters.length > 0 ? `${path}?${parameters.join('&')}` : path;
    };
    return {
      '@context': contextIri(EVENT_TYPE),
      '@id': path,
      '@type': 'Collection',
      member: found.map((event) => this.events.render(event, organizationId)),
      view: {
        '@id': link(after?.toLowerCase()),
        '@type': 'PartialCollectionView',
        next: link(found.at(-1)?.id ?? after?.toLowerCase()),
      },
    };
  }

  @Get(':eventId')
  @RequireOrganizationRole('member')
  @RequireScopes('events:read')
  @ApiOperation({ operationId: 'getEvent', summary: 'One event of the organization.' })
  @ApiParam({ name: 'eventId', description: 'Event identifier', schema: { type: 'string' } })
  @ApiJsonLdResponse(200, EventResource, 'The event')
  async get(@Param('organizationId') organizationId: string, @Param('eventId', eventIdPipe) eventId: string) {
    const event = await this.queries.execute(new GetEventQuery(organizationId, eventId.toLowerCase()));
    return { '@context': contextIri(EVENT_TYPE), ...this.events.render(event, organizationId) };
  }
}

function parseItemsPerPage(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_ITEMS;
  if (!/^\d+$/.test(raw)) throw ProblemException.of(400, 'Limit should be an integer.');
  const value = Number(raw);
  if (value < 1 || value > MAX_ITEMS_PER_PAGE) {
    throw ProblemException.of(400, `itemsPerPage must be between 1 and ${MAX_ITEMS_PER_PAGE}.`);
  }
  return value;
}

function asArray(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
