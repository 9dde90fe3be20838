import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import { CurrentPartner } from '../../shared/auth/current-partner.decorator.js';
import { AnyPartner } from '../../shared/auth/organization-role.guard.js';
import { hydraCollection } from '../../shared/http/hydra-collection.js';
import { markCreated } from '../../shared/http/json-ld.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
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
import { CreateInvitationRequest, invitationBody, parseStatusFilter } from './invitation.http.js';
import { OwnersOnly } from './organization-access.js';
import {
  AcceptInvitationDocs,
  CreateInvitationDocs,
  DeclineInvitationDocs,
  ListInvitationsDocs,
  ListMyInvitationsDocs,
  RevokeInvitationDocs,
} from './organizations.openapi.js';

const invitationIdPipe = new ParseUUIDPipe({ exceptionFactory: notFoundUuid('Invitation not found.') });
const OWNERS_ONLY = 'Only organization owners can manage invitations.';
/** What these operations document for a caller who is not an owner. */
const NOT_AN_OWNER = { forbidden: 'Not an owner of the organization' };

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
@ApiProblems({ 401: 'Missing, invalid or revoked API key' })
@Controller('api/organizations/:organizationId/invitations')
export class InvitationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent()
  @OwnersOnly(OWNERS_ONLY, NOT_AN_OWNER)
  @CreateInvitationDocs()
  async create(
    @Param('organizationId') organizationId: string,
    @Body() body: CreateInvitationRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const invitation = await this.commands.execute(new CreateInvitationCommand(organizationId, body.email, body.role));
    return markCreated(reply, invitationBody(invitation));
  }

  @Get()
  @OwnersOnly(OWNERS_ONLY, NOT_AN_OWNER)
  @ListInvitationsDocs()
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
  @OwnersOnly(OWNERS_ONLY, { ...NOT_AN_OWNER, notFound: 'Organization or invitation not found' })
  @RevokeInvitationDocs()
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
  @ListMyInvitationsDocs()
  async list(@CurrentPartner() partner: AuthenticatedPartner, @Req() request: FastifyRequest) {
    return collection(request, {}, await this.queries.execute(new ListMyInvitationsQuery(partner.email)));
  }

  @Post(':invitationId/accept')
  @Idempotent()
  @HttpCode(200)
  @AcceptInvitationDocs()
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
  @DeclineInvitationDocs()
  async decline(
    @Param('invitationId', invitationIdPipe) invitationId: string,
    @CurrentPartner() partner: AuthenticatedPartner,
  ) {
    return invitationBody(
      await this.commands.execute(new RespondToInvitationCommand(invitationId, partner, 'declined')),
    );
  }
}
