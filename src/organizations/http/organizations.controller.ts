import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { ActingPartnerId, CurrentPartner } from '../../shared/auth/current-partner.decorator.js';
import { AnyPartner } from '../../shared/auth/organization-role.guard.js';
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
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { CreateOrganizationCommand } from '../application/create-organization/create-organization.command.js';
import { DeleteOrganizationCommand } from '../application/delete-organization/delete-organization.command.js';
import { GetOrganizationQuery } from '../application/get-organization/get-organization.query.js';
import { ListOrganizationsQuery } from '../application/list-organizations/list-organizations.query.js';
import { PutMemberCommand } from '../application/put-member/put-member.command.js';
import { RemoveMemberCommand } from '../application/remove-member/remove-member.command.js';
import { RenameOrganizationCommand } from '../application/rename-organization/rename-organization.command.js';
import { CreateOrganizationRequest, PutMemberRequest, RenameOrganizationRequest } from './organization.requests.js';
import { organizationBody } from './organization.responses.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';
import { MembersOnly, OwnersOnly } from './organization-access.js';
import {
  CreateOrganizationDocs,
  DeleteOrganizationDocs,
  GetOrganizationDocs,
  ListOrganizationsDocs,
  PutOrganizationMemberDocs,
  RemoveOrganizationMemberDocs,
  RenameOrganizationDocs,
} from './organizations.openapi.js';

const partnerIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Partner not found.') });

@ApiTags('Organizations')
@ApiBearerAuth('apiKey')
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@Controller('api/organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @AnyPartner()
  @Idempotent()
  @CreateOrganizationDocs()
  async create(
    @Body() body: CreateOrganizationRequest,
    @CurrentPartner() partner: AuthenticatedPartner,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { id } = await this.commands.execute(new CreateOrganizationCommand(body.name, partner.id));
    const organization = await this.queries.execute(new GetOrganizationQuery(id));
    markTag(reply, versionTag(organization.version));
    return markCreated(reply, organizationBody(organization));
  }

  @Get()
  @AnyPartner()
  @RequireScopes('organizations:read')
  @ListOrganizationsDocs()
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPartner() partner: AuthenticatedPartner,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const pagination = parsePagination(query);
    const offset = (pagination.page - 1) * pagination.itemsPerPage;
    const result = await this.queries.execute(new ListOrganizationsQuery(partner.id, offset, pagination.itemsPerPage));
    const body = hydraCollection({
      memberType: 'Organization',
      path: requestPath(request),
      query,
      pagination,
      totalItems: result.totalItems,
      members: result.items.map((item) => organizationBody(item, false)),
      search: [],
    });
    const { json, tag } = taggedJson(body);
    return notModified(request, reply, tag) ? undefined : json;
  }

  @Get(':organizationId')
  @RequireScopes('organizations:read')
  @MembersOnly({ forbidden: 'Not a member of the organization' })
  @GetOrganizationDocs()
  async get(
    @Param('organizationId') organizationId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const organization = await this.queries.execute(new GetOrganizationQuery(organizationId));
    if (notModified(request, reply, versionTag(organization.version))) return;
    return organizationBody(organization);
  }

  @Patch(':organizationId')
  @RequireScopes('organizations:write')
  @OwnersOnly('Only organization owners can rename the organization.', { forbidden: 'Only owners can rename' })
  @RenameOrganizationDocs()
  async rename(
    @Param('organizationId') organizationId: string,
    @Body() body: RenameOrganizationRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const patch = { name: body.name };
    await this.commands.execute(new RenameOrganizationCommand(organizationId, patch, ifMatchCondition(ifMatch)));
    return this.answerWritten(organizationId, reply);
  }

  @Delete(':organizationId')
  @RequireScopes('organizations:write')
  @HttpCode(204)
  @OwnersOnly('Only organization owners can delete the organization.', {
    forbidden: 'Not an owner, or the organization still owns instances',
  })
  @DeleteOrganizationDocs()
  async delete(
    @Param('organizationId') organizationId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteOrganizationCommand(organizationId, ifMatchCondition(ifMatch)));
  }

  @Put(':organizationId/members/:partnerId')
  @RequireScopes('organizations:write')
  @OwnersOnly('Only organization owners can manage members.', {
    forbidden: 'Only owners manage members',
    notFound: 'Organization not found, or the partner is not a member (invite it instead)',
  })
  @PutOrganizationMemberDocs()
  async putMember(
    @Param('organizationId') organizationId: string,
    @Param('partnerId', partnerIdPipe) partnerId: string,
    @Body() body: PutMemberRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new PutMemberCommand(organizationId, partnerId, body.role, ifMatchCondition(ifMatch)));
    return this.answerWritten(organizationId, reply);
  }

  @Delete(':organizationId/members/:partnerId')
  @RequireScopes('organizations:write')
  @HttpCode(204)
  // Members pass the guard: any member may leave; removing someone else is for owners (the roster decides).
  @MembersOnly({
    forbidden: 'Not a member, or a member removing someone else',
    notFound: 'Organization or member not found',
  })
  @RemoveOrganizationMemberDocs()
  async removeMember(
    @Param('organizationId') organizationId: string,
    @Param('partnerId', partnerIdPipe) partnerId: string,
    @ActingPartnerId() requestedBy: string | null,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(
      new RemoveMemberCommand(organizationId, partnerId, requestedBy, ifMatchCondition(ifMatch)),
    );
  }

  /** The organization as the write left it, with its new ETag. */
  private async answerWritten(organizationId: string, reply: FastifyReply) {
    const organization = await this.queries.execute(new GetOrganizationQuery(organizationId));
    markTag(reply, versionTag(organization.version));
    return markWritten(reply, organizationBody(organization));
  }
}
