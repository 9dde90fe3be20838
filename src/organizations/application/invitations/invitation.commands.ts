import { Command, Query } from '@nestjs/cqrs';
import type { InvitationStatus } from '../../domain/invitation.js';
import type { InvitationView } from './invitation-view.js';

export class CreateInvitationCommand extends Command<InvitationView> {
  constructor(
    readonly organizationId: string,
    readonly email: string | null | undefined,
    readonly role: string | null | undefined,
  ) {
    super();
  }
}

export class ListInvitationsQuery extends Query<InvitationView[]> {
  constructor(
    readonly organizationId: string,
    readonly status: InvitationStatus | undefined,
  ) {
    super();
  }
}

export class RevokeInvitationCommand extends Command<InvitationView> {
  constructor(
    readonly organizationId: string,
    readonly invitationId: string,
  ) {
    super();
  }
}

/** The pending invitations addressed to the calling partner's email. */
export class ListMyInvitationsQuery extends Query<InvitationView[]> {
  constructor(readonly email: string) {
    super();
  }
}

export class RespondToInvitationCommand extends Command<InvitationView> {
  constructor(
    readonly invitationId: string,
    readonly partner: { id: string; email: string },
    readonly answer: 'accepted' | 'declined',
  ) {
    super();
  }
}
