import type { OrganizationRole } from '../../domain/organization-role.js';
import type { Invitation, InvitationStatus } from '../../domain/invitation.js';

export interface InvitationView {
  id: string;
  organizationId: string;
  email: string;
  role: OrganizationRole;
  status: InvitationStatus;
  expiresAt: Date;
  createdAt: Date;
}

export function invitationView(invitation: Invitation, now = new Date()): InvitationView {
  return {
    id: invitation.id,
    organizationId: invitation.organizationId,
    email: invitation.email,
    role: invitation.role,
    status: invitation.status(now),
    expiresAt: invitation.expiresAt,
    createdAt: invitation.createdAt,
  };
}
