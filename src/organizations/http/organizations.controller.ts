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
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { ActingPartnerId, CurrentPartner } from '../../shared/auth/current-partner.decorator.js';
import { AnyPartner, RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
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
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { CreateOrganizationCommand } from '../application/create-organization/create-organization.command.js';
import { DeleteOrganizationCommand } from '../application/delete-organization/delete-organization.command.js';
import { GetOrganizationQuery } from '../application/get-organization/get-organization.query.js';
import { ListOrganizationsQuery } from '../application/list-organizations/list-organizations.query.js';
import { PutMemberCommand } from '../application/put-member/put-member.command.js';
import { RemoveMemberCommand } from '../application/remove-member/remove-member.command.js';
import { RenameOrganizationCommand } from '../application/rename-organization/rename-organization.command.js';
import { CreateOrganizationRequest, PutMemberRequest, RenameOrganizationRequest } from './organization.requests.js';
import { organizationBody, OrganizationResponse } from './organization.responses.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';

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
  @ApiOperation({ operationId: 'createOrganization', summary: 'Create an organization; the caller becomes its owner' })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiJsonLdResponse(201, OrganizationResponse, 'Organization created')
  @ApiProblems({ 400: 'Invalid input', 422: 'Validation error' })
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
  @ApiOperation({ operationId: 'listOrganizations', summary: 'List the organizations the caller belongs to' })
  @ApiQuery({ name: 'page', required: false, type: 'integer', description: 'The collection page number' })
  @ApiQuery({ name: 'itemsPerPage', required: false, type: 'integer', description: 'The number of items per page' })
  @ApiHydraCollectionResponse(OrganizationResponse, 'Organization collection', {
    context: '/api/contexts/Organization',
    id: '/api/organizations',
  })
  @ApiConditionalGet()
  @ApiProblems({ 400: 'Invalid pagination' })
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
    return notModified(request, reply, contentTag(body)) ? undefined : body;
  }

  @Get(':organizationId')
  @RequireScopes('organizations:read')
  @RequireOrganizationRole('member')
  @ApiOperation({ operationId: 'getOrganization', summary: 'Get an organization with its owners and members' })
  @ApiJsonLdResponse(200, OrganizationResponse, 'Organization resource')
  @ApiConditionalGet()
  @ApiProblems({ 403: 'Not a member of the organization', 404: 'Organization not found' })
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
  @RequireOrganizationRole('owner', 'Only organization owners can rename the organization.')
  @ApiOperation({ operationId: 'renameOrganization', summary: 'Rename an organization' })
  @ApiConsumes('application/merge-patch+json')
  @ApiBody({ type: RenameOrganizationRequest })
  @ApiJsonLdResponse(200, OrganizationResponse, 'Organization renamed')
  @ApiConditionalWrite()
  @ApiProblems({
    400: 'Invalid input',
    403: 'Only owners can rename',
    404: 'Organization not found',
    415: 'Not merge-patch',
    422: 'Validation error',
  })
  async rename(
    @Param('organizationId') organizationId: string,
    @Body() body: RenameOrganizationRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new RenameOrganizationCommand(organizationId, body.name, ifMatchCondition(ifMatch)));
    return this.answerWritten(organizationId, reply);
  }

  @Delete(':organizationId')
  @RequireScopes('organizations:write')
  @HttpCode(204)
  @RequireOrganizationRole('owner', 'Only organization owners can delete the organization.')
  @ApiOperation({ operationId: 'deleteOrganization', summary: 'Delete an organization that owns no instances' })
  @ApiNoContentResponse({ description: 'Organization deleted' })
  @ApiConditionalWrite()
  @ApiProblems({ 403: 'Not an owner, or the organization still owns instances', 404: 'Organization not found' })
  async delete(
    @Param('organizationId') organizationId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteOrganizationCommand(organizationId, ifMatchCondition(ifMatch)));
  }

  @Put(':organizationId/members/:partnerId')
  @RequireScopes('organizations:write')
  @RequireOrganizationRole('owner', 'Only organization owners can manage members.')
  @ApiOperation({
    operationId: 'putOrganizationMember',
    summary: "Change a member's role (promote to owner, demote to member)",
    description:
      'Changes the role of a partner who is already a member. It does not add anyone: a partner joins only with its consent, by accepting an invitation (`POST /api/organizations/{organizationId}/invitations`, then `POST /api/invitations/{invitationId}/accept` by the invited partner). A partner who is not a member (or does not exist) answers 404 `invitation_required`, and nothing changes. The last owner cannot be demoted (422).',
  })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiJsonLdResponse(200, OrganizationResponse, 'Role changed (or already as requested)')
  @ApiConditionalWrite('the organization')
  @ApiProblems({
    400: 'Invalid input',
    403: 'Only owners manage members',
    404: 'Organization not found, or the partner is not a member (invite it instead)',
    422: 'Invalid role, or the last owner would be demoted',
  })
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
  @RequireOrganizationRole('member')
  @ApiOperation({
    operationId: 'removeOrganizationMember',
    summary: 'Remove a partner from the organization, or leave it',
    description:
      "Owners (and the organization's integrations with `organizations:write`) remove any member; a member removes itself to leave the organization (its own partner id). The last owner can neither be removed nor leave (422).",
  })
  @ApiNoContentResponse({ description: 'Member removed' })
  @ApiConditionalWrite('the organization')
  @ApiProblems({
    403: 'Not a member, or a member removing someone else',
    404: 'Organization or member not found',
    422: 'The last owner cannot be removed',
  })
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
