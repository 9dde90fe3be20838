import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import { markCreated } from '../../shared/http/json-ld.js';
import { ApiHydraCollectionResponse, ApiJsonLdResponse, ApiProblems } from '../../shared/http/openapi-schemas.js';
import { parsePagination } from '../../shared/http/pagination.js';
import { requestPath } from '../../shared/http/request-path.js';
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { CreateInstanceCommand } from '../application/create-instance/create-instance.command.js';
import { GetInstanceQuery } from '../application/get-instance/get-instance.query.js';
import { ListInstancesQuery } from '../application/list-instances/list-instances.query.js';
import { CreateInstanceRequest } from './create-instance.request.js';
import { InstanceErrorFilter } from './instance-error.filter.js';
import { instanceBody, InstanceResource, INSTANCE_TYPE } from './instance.resource.js';
import { INSTANCE_SEARCH, parseListParameters } from './list-instances.params.js';

const IDENTIFIER = 'OrganizationInstancesResource identifier';
const instanceIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Instance not found.') });

@ApiTags('Instances')
@ApiBearerAuth('apiKey')
@ApiParam({ name: 'organizationId', description: IDENTIFIER, schema: { type: 'string' } })
@UseFilters(InstanceErrorFilter)
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@Controller('api/organizations/:organizationId/instances')
export class InstancesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireOrganizationRole('owner', 'Only organization owners can create instances.')
  @ApiOperation({
    operationId: 'createInstance',
    summary: 'Create an instance.',
    description:
      'Creates a new instance within an organization. Provide a display name and a unique handle. The instance becomes the scope your product data lives in.',
  })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiBody({ type: CreateInstanceRequest, description: 'The new instance' })
  @ApiJsonLdResponse(201, InstanceResource, 'Instance successfully created')
  @ApiProblems({
    400: 'Invalid input',
    403: 'Only organization owners can create instances',
    404: 'Organization not found',
    415: 'Unsupported media type',
    422: 'Validation error',
  })
  async create(
    @Param('organizationId') organizationId: string,
    @Body() body: CreateInstanceRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const instance = await this.commands.execute(new CreateInstanceCommand(organizationId, body.name, body.handle));
    return markCreated(reply, instanceBody(instance));
  }

  @Get(':instanceId')
  @RequireOrganizationRole('member')
  @ApiOperation({
    operationId: 'getInstance',
    summary: 'Get an instance.',
    description:
      'Returns a single instance of an organization by id, including its name, handle and ownership metadata.',
  })
  @ApiParam({ name: 'instanceId', description: IDENTIFIER, schema: { type: 'string' } })
  @ApiJsonLdResponse(200, InstanceResource, `${INSTANCE_TYPE} resource`)
  @ApiProblems({ 403: 'Forbidden', 404: 'Not found' })
  async get(@Param('organizationId') organizationId: string, @Param('instanceId', instanceIdPipe) instanceId: string) {
    return instanceBody(await this.queries.execute(new GetInstanceQuery(organizationId, instanceId)));
  }

  @Get()
  @RequireOrganizationRole('member')
  @ApiOperation({
    operationId: 'listInstances',
    summary: 'List instances accessible within an organization.',
    description:
      'Returns the paginated collection of instances accessible to the authenticated partner within an organization. Filter by name or handle, and order by any of the listed fields.',
  })
  @ApiQuery({
    name: 'name',
    required: false,
    type: String,
    description:
      'Partial case-insensitive search on the instance name. Combined as AND with handle when both are provided.',
  })
  @ApiQuery({
    name: 'handle',
    required: false,
    type: String,
    description:
      'Partial case-insensitive search on the instance handle. Combined as AND with name when both are provided.',
  })
  @ApiQuery({
    name: 'order[name]',
    required: false,
    enum: ['asc', 'desc'],
    description: 'Sort by name. Values: asc, desc.',
  })
  @ApiQuery({
    name: 'order[handle]',
    required: false,
    enum: ['asc', 'desc'],
    description: 'Sort by handle. Values: asc, desc.',
  })
  @ApiQuery({
    name: 'order[createdAt]',
    required: false,
    enum: ['asc', 'desc'],
    description:
      'Sort by creation date. Values: asc, desc. Default order when no order parameter is provided: createdAt desc.',
  })
  @ApiQuery({
    name: 'order[updatedAt]',
    required: false,
    enum: ['asc', 'desc'],
    description: 'Sort by last update date. Values: asc, desc.',
  })
  @ApiQuery({
    name: 'page',
    required: false,
    schema: { type: 'integer', minimum: 1, default: 1 },
    description: 'The collection page number',
  })
  @ApiQuery({
    name: 'itemsPerPage',
    required: false,
    schema: { type: 'integer', minimum: 0, maximum: 100, default: 30 },
    description: 'The number of items per page',
  })
  @ApiHydraCollectionResponse(InstanceResource, `${INSTANCE_TYPE} collection`, {
    context: `/api/contexts/${INSTANCE_TYPE}`,
    id: '/api/organizations/7c0e2f8a-1b6d-4c3e-9a51-0f2d6b8e4a10/instances',
  })
  @ApiProblems({
    400: 'Invalid pagination',
    403: 'Forbidden',
    404: 'Organization not found',
    422: 'Invalid order direction',
  })
  async list(
    @Param('organizationId') organizationId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ) {
    const pagination = parsePagination(query);
    const result = await this.queries.execute(
      new ListInstancesQuery({
        organizationId,
        ...parseListParameters(query),
        offset: (pagination.page - 1) * pagination.itemsPerPage,
        limit: pagination.itemsPerPage,
      }),
    );
    return hydraCollection({
      memberType: INSTANCE_TYPE,
      path: requestPath(request),
      query,
      pagination,
      totalItems: result.totalItems,
      members: result.items.map((item) => instanceBody(item, false)),
      search: INSTANCE_SEARCH,
    });
  }
}
