import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { CurrentPartner } from '../../shared/auth/current-partner.decorator.js';
import { AnyPartner, RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import { markCreated } from '../../shared/http/json-ld.js';
import { ApiHydraCollectionResponse, ApiJsonLdResponse, ApiProblems } from '../../shared/http/openapi-schemas.js';
import { requestPath } from '../../shared/http/request-path.js';
import { notFoundUuid } from '../../shared/http/uuid-param.js';
import { Idempotent } from '../../shared/idempotency/idempotent.decorator.js';
import type { InvitationView } from '../application/invitations/invitation-view.js';
import {
  CreateInvitationCommand,
  ListInvitationsQuery,
  ListMyInvitationsQuery,
  RespondToInvitationCommand,
  RevokeInvitationCommand,
} from '../application/invitations/invitation.commands.js';
import { INVITATION_STATUSES } from '../domain/invitation.js';
import { CreateInvitationRequest, invitationBody, InvitationResponse, parseStatusFilter } from './invitation.http.js';

const invitationIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Invitation not found.') });
const OWNERS_ONLY = 'Only organization owners can manage invitations.';
const EXAMPLE_ORGANIZATION = '/api/organizations/0190c2d4-5b8e-7c3a-9f21-6d4e8a1b2c3d';

function collection(request: FastifyRequest, query: Record<string, unknown>, items: InvitationView[]) {
  return hydraCollection({
    memberType: 'Invitation',
    path: requestPath(request),
    query,
    pagination: { page: 1, itemsPerPage: items.length },
    totalItems: items.length,
    members: items.map((item) => invitationBody(item, false)),
    search: [],
  });
}

/** Owners invite by email; partner API keys only (these operations name no scope). */
@ApiTags('Organizations')
@ApiBearerAuth('apiKey')
@ApiProblems({
  401: 'Missing, invalid or revoked API key',
  403: 'Not an owner of the organization',
  404: 'Organization not found',
})
@Controller('api/organizations/:organizationId/invitations')
export class InvitationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent()
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({
    operationId: 'createInvitation',
    summary: 'Invite a partner by email; replaces a pending invitation of the same email',
  })
  @ApiConsumes('application/ld+json', 'application/json')
  @ApiJsonLdResponse(201, InvitationResponse, 'Invitation created (pending)')
  @ApiProblems({ 400: 'Invalid input', 422: 'Invalid email or role', 429: 'Too many invitations this hour' })
  async create(
    @Param('organizationId') organizationId: string,
    @Body() body: CreateInvitationRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const invitation = await this.commands.execute(new CreateInvitationCommand(organizationId, body.email, body.role));
    return markCreated(reply, invitationBody(invitation));
  }

  @Get()
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({ operationId: 'listInvitations', summary: "List the organization's invitations" })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: INVITATION_STATUSES,
    description: 'Only invitations in this status',
  })
  @ApiHydraCollectionResponse(InvitationResponse, 'Invitation collection', {
    context: '/api/contexts/Invitation',
    id: `${EXAMPLE_ORGANIZATION}/invitations`,
  })
  @ApiProblems({ 400: 'Unknown status' })
  async list(
    @Param('organizationId') organizationId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ) {
    const items = await this.queries.execute(new ListInvitationsQuery(organizationId, parseStatusFilter(query)));
    return collection(request, query, items);
  }

  @Post(':invitationId/revoke')
  @Idempotent()
  @HttpCode(200)
  @RequireOrganizationRole('owner', OWNERS_ONLY)
  @ApiOperation({ operationId: 'revokeInvitation', summary: 'Revoke a pending invitation' })
  @ApiJsonLdResponse(200, InvitationResponse, 'Invitation revoked')
  @ApiProblems({ 404: 'Organization or invitation not found', 409: 'The invitation is no longer pending' })
  async revoke(
    @Param('organizationId') organizationId: string,
    @Param('invitationId', invitationIdPipe) invitationId: string,
  ) {
    return invitationBody(await this.commands.execute(new RevokeInvitationCommand(organizationId, invitationId)));
  }
}

/**
 * The invited partner's side: the invitations addressed to its email, to accept or decline. Any
 * partner may call it (an invitation is found by the caller's email, not by an organization).
 */
@AnyPartner()
@ApiTags('Organizations')
@ApiBearerAuth('apiKey')
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@Controller('api/invitations')
export class MyInvitationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listMyInvitations', summary: "The caller's pending invitations (by its email)" })
  @ApiHydraCollectionResponse(InvitationResponse, 'Invitation collection', {
    context: '/api/contexts/Invitation',
    id: '/api/invitations',
  })
  async list(@CurrentPartner() partner: AuthenticatedPartner, @Req() request: FastifyRequest) {
    return collection(request, {}, await this.queries.execute(new ListMyInvitationsQuery(partner.email)));
  }

  @Post(':invitationId/accept')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ operationId: 'acceptInvitation', summary: 'Accept an invitation: join the organization' })
  @ApiJsonLdResponse(200, InvitationResponse, 'Invitation accepted; the caller is a member')
  @ApiProblems({ 404: 'No such invitation for the caller', 409: 'Already accepted, declined, revoked or expired' })
  async accept(
    @Param('invitationId', invitationIdPipe) invitationId: string,
    @CurrentPartner() partner: AuthenticatedPartner,
  ) {
    return invitationBody(
      await this.commands.execute(new RespondToInvitationCommand(invitationId, partner, 'accepted')),
    );
  }

  @Post(':invitationId/decline')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ operationId: 'declineInvitation', summary: 'Decline an invitation' })
  @ApiJsonLdResponse(200, InvitationResponse, 'Invitation declined')
  @ApiProblems({ 404: 'No such invitation for the caller', 409: 'Already accepted, declined, revoked or expired' })
  async decline(
    @Param('invitationId', invitationIdPipe) invitationId: string,
    @CurrentPartner() partner: AuthenticatedPartner,
  ) {
    return invitationBody(
      await this.commands.execute(new RespondToInvitationCommand(invitationId, partner, 'declined')),
    );
  }
}
