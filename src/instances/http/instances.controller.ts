import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import {
  contentTag,
  ifMatchCondition,
  markTag,
  notModified,
  versionTag,
} from '../../shared/http/conditional-requests.js';
import { markCreated, markWritten } from '../../shared/http/json-ld.js';
import {
  ApiConditionalGet,
  ApiConditionalWrite,
  ApiHydraCollectionResponse,
  ApiJsonLdResponse,
  ApiProblems,
} from '../../shared/http/openapi-schemas.js';
import { parsePagination } from '../../shared/http/pagination.js';
import { requestPath } from '../../shared/http/request-path.js';
import { CreateInstanceCommand } from '../application/create-instance/create-instance.command.js';
import { DeleteInstanceCommand } from '../application/delete-instance/delete-instance.command.js';
import { GetInstanceQuery } from '../application/get-instance/get-instance.query.js';
import { ListInstancesQuery } from '../application/list-instances/list-instances.query.js';
import { UpdateInstanceCommand } from '../application/update-instance/update-instance.command.js';
import { CreateInstanceRequest } from './create-instance.request.js';
import { UpdateInstanceRequest } from './instance.requests.js';
import { instanceBody, InstanceResource, INSTANCE_TYPE } from './instance.resource.js';
import { IDENTIFIER, instanceIdPipe } from './instance-params.js';
import { INSTANCE_SEARCH, parseListParameters } from './list-instances.params.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';

@ApiTags('Instances')
@ApiBearerAuth('apiKey')
@ApiParam({ name: 'organizationId', description: IDENTIFIER, schema: { type: 'string' } })
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@Controller('api/organizations/:organizationId/instances')
export class InstancesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireScopes('instances:write')
  @Idempotent()
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
    markTag(reply, versionTag(instance.version));
    return markCreated(reply, instanceBody(instance));
  }

  @Get(':instanceId')
  @RequireScopes('instances:read')
  @RequireOrganizationRole('member')
  @ApiOperation({
    operationId: 'getInstance',
    summary: 'Get an instance.',
    description:
      'Returns a single instance of an organization by id, including its name, handle and ownership metadata. Members of an organization the instance is authorized for may read it through their own organization; `authorized_organization_ids` is shown to the owner organization only.',
  })
  @ApiParam({ name: 'instanceId', description: IDENTIFIER, schema: { type: 'string' } })
  @ApiJsonLdResponse(200, InstanceResource, `${INSTANCE_TYPE} resource`)
  @ApiConditionalGet()
  @ApiProblems({ 403: 'Forbidden', 404: 'Not found' })
  async get(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const instance = await this.queries.execute(new GetInstanceQuery(organizationId, instanceId));
    if (notModified(request, reply, versionTag(instance.version))) return;
    return instanceBody(instance, { viewedFrom: organizationId.toLowerCase() });
  }

  @Patch(':instanceId')
  @RequireScopes('instances:write')
  @RequireOrganizationRole('owner', 'Only organization owners can update instances.')
  @ApiOperation({
    operationId: 'updateInstance',
    summary: 'Update (rename) an instance.',
    description:
      'Updates an instance with a JSON merge patch (`application/merge-patch+json`). Only `name` can change; the handle is immutable, so a `handle` in the body is refused (422). Other read-only properties are ignored. `updated_at` moves when the name changes.',
  })
  @ApiParam({ name: 'instanceId', description: IDENTIFIER, schema: { type: 'string' } })
  @ApiConsumes('application/merge-patch+json')
  @ApiBody({ type: UpdateInstanceRequest, description: 'The updated instance' })
  @ApiJsonLdResponse(200, InstanceResource, `${INSTANCE_TYPE} resource updated`)
  @ApiConditionalWrite()
  @ApiProblems({
    400: 'Invalid input',
    403: 'Only organization owners can update instances',
    404: 'Not found',
    415: 'Unsupported media type: use application/merge-patch+json',
    422: 'Validation error',
  })
  async update(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Body() body: UpdateInstanceRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const patch = { name: body.name, handle: body.handle };
    const instance = await this.commands.execute(
      new UpdateInstanceCommand(organizationId, instanceId, patch, ifMatchCondition(ifMatch)),
    );
    markTag(reply, versionTag(instance.version));
    return markWritten(reply, instanceBody(instance));
  }

  @Delete(':instanceId')
  @RequireScopes('instances:write')
  @HttpCode(204)
  @RequireOrganizationRole('owner', 'Only organization owners can delete instances.')
  @ApiOperation({
    operationId: 'deleteInstance',
    summary: 'Delete an instance.',
    description:
      'Removes an instance: it no longer appears in lists or gets. Its handle stays reserved, so a new instance cannot reuse it.',
  })
  @ApiParam({ name: 'instanceId', description: IDENTIFIER, schema: { type: 'string' } })
  @ApiNoContentResponse({ description: 'Instance deleted' })
  @ApiConditionalWrite()
  @ApiProblems({ 403: 'Only organization owners can delete instances', 404: 'Not found' })
  async delete(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteInstanceCommand(organizationId, instanceId, ifMatchCondition(ifMatch)));
  }

  @Get()
  @RequireScopes('instances:read')
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
    search: INSTANCE_SEARCH,
  })
  @ApiConditionalGet()
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
    @Res({ passthrough: true }) reply: FastifyReply,
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
    const body = hydraCollection({
      memberType: INSTANCE_TYPE,
      path: requestPath(request),
      query,
      pagination,
      totalItems: result.totalItems,
      members: result.items.map((item) => instanceBody(item, { withContext: false })),
      search: INSTANCE_SEARCH,
    });
    return notModified(request, reply, contentTag(body)) ? undefined : body;
  }
}
