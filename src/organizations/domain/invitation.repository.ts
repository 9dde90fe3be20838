import type { Invitation, InvitationStatus } from './invitation.js';

/** Port: where invitations are kept. */
export abstract class InvitationRepository {
  /**
   * Stores a new invitation and revokes the organization's pending one for the same email, unless
   * the organization created `limitPerHour` invitations in the last hour (false); serialized per
   * organization, so that concurrent requests cannot exceed the limit.
   */
  abstract replacePending(invitation: Invitation, limitPerHour: number): Promise<boolean>;
  abstract list(organizationId: string, status: InvitationStatus | undefined): Promise<Invitation[]>;
  abstract find(invitationId: string): Promise<Invitation | undefined>;
  /** Pending, unexpired invitations of an email, oldest first. */
  abstract pendingFor(email: string): Promise<Invitation[]>;
  /**
   * Locks the invitation, lets `respond` decide its next state and stores it; when it is accepted,
   * the membership is created in the same transaction (a partner already a member keeps its role).
   */
  abstract respond(
    invitationId: string,
    respond: (invitation: Invitation) => Invitation,
    partnerId?: string,
  ): Promise<Invitation | undefined>;
}
