import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { contextIri } from '../../shared/http/json-ld.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
import { lastValue, MAX_ITEMS_PER_PAGE } from '../../shared/http/pagination.js';
import { ProblemException } from '../../shared/http/problem.exception.js';
import { requestPath } from '../../shared/http/request-path.js';
import { MembersOnly } from '../../organizations/index.js';
import { GetEventQuery } from '../application/get-event/get-event.query.js';
import { ListEventsQuery } from '../application/list-events/list-events.query.js';
import { EVENT_TYPE, PublicEvents } from '../application/public-events.js';
import { DEFAULT_ITEMS, eventIdPipe } from './event-params.js';
import { GetEventDocs, ListEventsDocs } from './events.openapi.js';

/** What these operations document for what is not found (the organization or the event). */
const MEMBER_ANSWERS = { notFound: 'Not found' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('Events')
@ApiBearerAuth('apiKey')
@ApiParam({ name: 'organizationId', description: 'Organization identifier', schema: { type: 'string' } })
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@Controller('api/organizations/:organizationId/events')
export class EventsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly events: PublicEvents,
  ) {}

  @Get()
  @MembersOnly(MEMBER_ANSWERS)
  @RequireScopes('events:read')
  @ListEventsDocs()
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
    const found = await this.queries.execute(new ListEventsQuery(organizationId, after, types, limit));
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
        '@id': link(after),
        '@type': 'PartialCollectionView',
        next: link(found.at(-1)?.id ?? after),
      },
    };
  }

  @Get(':eventId')
  @MembersOnly(MEMBER_ANSWERS)
  @RequireScopes('events:read')
  @GetEventDocs()
  async get(@Param('organizationId') organizationId: string, @Param('eventId', eventIdPipe) eventId: string) {
    const event = await this.queries.execute(new GetEventQuery(organizationId, eventId));
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
