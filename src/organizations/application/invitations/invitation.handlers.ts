import { ConfigService } from '@nestjs/config';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Environment } from '../../../config/environment.js';
import { Invitation } from '../../domain/invitation.js';
import { InvitationRepository } from '../../domain/invitation.repository.js';
import { OrganizationError } from '../../domain/organization.errors.js';
import { MembershipCache } from '../membership-cache.js';
import { invitationView, type InvitationView } from './invitation-view.js';
import {
  CreateInvitationCommand,
  ListInvitationsQuery,
  ListMyInvitationsQuery,
  RespondToInvitationCommand,
  RevokeInvitationCommand,
} from './invitation.commands.js';

@CommandHandler(CreateInvitationCommand)
export class CreateInvitationHandler implements ICommandHandler<CreateInvitationCommand> {
  private readonly ttlMs: number;
  private readonly limitPerHour: number;

  constructor(
    private readonly invitations: InvitationRepository,
    config: ConfigService<Environment, true>,
  ) {
    this.ttlMs = config.get('INVITATION_TTL_DAYS', { infer: true }) * 86_400_000;
    this.limitPerHour = config.get('INVITATIONS_PER_ORGANIZATION_PER_HOUR', { infer: true });
  }

  async execute(command: CreateInvitationCommand): Promise<InvitationView> {
    const invitation = Invitation.create(command.organizationId, command, this.ttlMs);
    if (!(await this.invitations.replacePending(invitation, this.limitPerHour))) {
      throw OrganizationError.tooManyInvitations(this.limitPerHour);
    }
    return invitationView(invitation);
  }
}

@QueryHandler(ListInvitationsQuery)
export class ListInvitationsHandler implements IQueryHandler<ListInvitationsQuery> {
  constructor(private readonly invitations: InvitationRepository) {}

  async execute(query: ListInvitationsQuery): Promise<InvitationView[]> {
    return (await this.invitations.list(query.organizationId, query.status)).map((i) => invitationView(i));
  }
}

@CommandHandler(RevokeInvitationCommand)
export class RevokeInvitationHandler implements ICommandHandler<RevokeInvitationCommand> {
  constructor(private readonly invitations: InvitationRepository) {}

  async execute(command: RevokeInvitationCommand): Promise<InvitationView> {
    const revoked = await this.invitations.respond(command.invitationId, (invitation) => {
      if (invitation.organizationId !== command.organizationId) throw OrganizationError.invitationNotFound();
      return invitation.respond('revoked');
    });
    if (!revoked) throw OrganizationError.invitationNotFound();
    return invitationView(revoked);
  }
}

@QueryHandler(ListMyInvitationsQuery)
export class ListMyInvitationsHandler implements IQueryHandler<ListMyInvitationsQuery> {
  constructor(private readonly invitations: InvitationRepository) {}

  async execute(query: ListMyInvitationsQuery): Promise<InvitationView[]> {
    return (await this.invitations.pendingFor(query.email.toLowerCase())).map((i) => invitationView(i));
  }
}

/** Accepting creates the membership in the invitation's transaction; another partner's invitation is not found. */
@CommandHandler(RespondToInvitationCommand)
export class RespondToInvitationHandler implements ICommandHandler<RespondToInvitationCommand> {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly memberships: MembershipCache,
  ) {}

  async execute(command: RespondToInvitationCommand): Promise<InvitationView> {
    const email = command.partner.email.toLowerCase();
    const answered = await this.invitations.respond(
      command.invitationId,
      (invitation) => {
        if (invitation.email !== email) throw OrganizationError.invitationNotFound();
        return invitation.respond(command.answer);
      },
      command.partner.id,
    );
    if (!answered) throw OrganizationError.invitationNotFound();
    if (answered.storedStatus === 'accepted') await this.memberships.forgetOrganization(answered.organizationId);
    return invitationView(answered);
  }
}
