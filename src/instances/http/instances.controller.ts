import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MembersOnly, OwnersOnly } from '../../organizations/index.js';
import { RequireScopes } from '../../shared/auth/scope.guard.js';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import {
  taggedJson,
  ifMatchCondition,
  markTag,
  notModified,
  versionTag,
} from '../../shared/http/conditional-requests.js';
import { markCreated, markWritten } from '../../shared/http/json-ld.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
import { parsePagination } from '../../shared/http/pagination.js';
import { requestPath } from '../../shared/http/request-path.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';
import { CreateInstanceCommand } from '../application/create-instance/create-instance.command.js';
import { DeleteInstanceCommand } from '../application/delete-instance/delete-instance.command.js';
import { GetInstanceQuery } from '../application/get-instance/get-instance.query.js';
import { ListInstancesQuery } from '../application/list-instances/list-instances.query.js';
import { UpdateInstanceCommand } from '../application/update-instance/update-instance.command.js';
import { CreateInstanceRequest } from './create-instance.request.js';
import { UpdateInstanceRequest } from './instance.requests.js';
import { instanceBody, INSTANCE_TYPE } from './instance.resource.js';
import { IDENTIFIER, instanceIdPipe } from './instance-params.js';
import {
  CreateInstanceDocs,
  DeleteInstanceDocs,
  GetInstanceDocs,
  ListInstancesDocs,
  UpdateInstanceDocs,
} from './instances.openapi.js';
import { INSTANCE_SEARCH, parseListParameters } from './list-instances.params.js';

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
  @OwnersOnly('Only organization owners can create instances.')
  @CreateInstanceDocs()
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
  @MembersOnly({ notFound: 'Not found' })
  @GetInstanceDocs()
  async get(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const instance = await this.queries.execute(new GetInstanceQuery(organizationId, instanceId));
    if (notModified(request, reply, versionTag(instance.version))) return;
    return instanceBody(instance, { viewedFrom: organizationId });
  }

  @Patch(':instanceId')
  @RequireScopes('instances:write')
  @OwnersOnly('Only organization owners can update instances.', { notFound: 'Not found' })
  @UpdateInstanceDocs()
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
  @OwnersOnly('Only organization owners can delete instances.', { notFound: 'Not found' })
  @DeleteInstanceDocs()
  async delete(
    @Param('organizationId') organizationId: string,
    @Param('instanceId', instanceIdPipe) instanceId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteInstanceCommand(organizationId, instanceId, ifMatchCondition(ifMatch)));
  }

  @Get()
  @RequireScopes('instances:read')
  @MembersOnly()
  @ListInstancesDocs()
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
    const { json, tag } = taggedJson(body);
    return notModified(request, reply, tag) ? undefined : json;
  }
}
