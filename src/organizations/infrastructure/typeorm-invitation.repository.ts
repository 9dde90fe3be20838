import { Injectable } from '@nestjs/common';
import { Sql } from '../../shared/database/sql.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';
import type { OrganizationRole } from '../domain/organization-role.js';
import { Invitation, type InvitationStatus, type StoredInvitationStatus } from '../domain/invitation.js';
import { InvitationRepository } from '../domain/invitation.repository.js';

interface Row {
  id: string;
  organization_id: string;
  email: string;
  role: OrganizationRole;
  status: StoredInvitationStatus;
  expires_at: Date;
  created_at: Date;
}

/** Stored status condition of each visible status. */
const STATUS_FILTER: Record<InvitationStatus, string> = {
  pending: "status = 'pending' AND expires_at > now()",
  expired: "status = 'pending' AND expires_at <= now()",
  accepted: "status = 'accepted'",
  declined: "status = 'declined'",
  revoked: "status = 'revoked'",
};

@Injectable()
export class TypeOrmInvitationRepository extends InvitationRepository {
  constructor(
    private readonly sql: Sql,
    private readonly unitOfWork: UnitOfWork,
  ) {
    super();
  }

  async replacePending(invitation: Invitation, limitPerHour: number): Promise<boolean> {
    return this.unitOfWork.run(async (work) => {
      // One invitation at a time per organization: the count and the insert cannot interleave.
      await work.rows({
        text: "SELECT pg_advisory_xact_lock(hashtext('invitations:' || $1))",
        values: [invitation.organizationId],
      });
      // A statement of its own, after the lock: its snapshot sees what the holder before us committed.
      const [{ recent }] = await work.rows<{ recent: number }>({
        text: `SELECT count(*)::int AS recent FROM invitations
                WHERE organization_id = $1 AND created_at > now() - interval '1 hour'`,
        values: [invitation.organizationId],
      });
      if (recent >= limitPerHour) return false;
      await work.rows({
        text: `UPDATE invitations SET status = 'revoked', responded_at = now()
                WHERE organization_id = $1 AND email = $2 AND status = 'pending'`,
        values: [invitation.organizationId, invitation.email],
      });
      await work.rows({
        text: `INSERT INTO invitations (id, organization_id, email, role, status, expires_at, created_at)
               VALUES ($1, $2, $3, $4, 'pending', $5, $6)`,
        values: [
          invitation.id,
          invitation.organizationId,
          invitation.email,
          invitation.role,
          invitation.expiresAt,
          invitation.createdAt,
        ],
      });
      return true;
    });
  }

  async list(organizationId: string, status: InvitationStatus | undefined): Promise<Invitation[]> {
    const rows = await this.sql.rows<Row>({
      text: `SELECT * FROM invitations WHERE organization_id = $1 ${status ? `AND ${STATUS_FILTER[status]}` : ''}
              ORDER BY created_at, id`,
      values: [organizationId],
    });
    return rows.map(toInvitation);
  }

  async find(invitationId: string): Promise<Invitation | undefined> {
    const rows = await this.sql.rows<Row>({ text: 'SELECT * FROM invitations WHERE id = $1', values: [invitationId] });
    return rows[0] && toInvitation(rows[0]);
  }

  async pendingFor(email: string): Promise<Invitation[]> {
    const rows = await this.sql.rows<Row>({
      text: `SELECT * FROM invitations WHERE email = $1 AND ${STATUS_FILTER.pending} ORDER BY created_at, id`,
      values: [email],
    });
    return rows.map(toInvitation);
  }

  async respond(
    invitationId: string,
    respond: (invitation: Invitation) => Invitation,
    partnerId?: string,
  ): Promise<Invitation | undefined> {
    return this.unitOfWork.run(async (work) => {
      const [row] = await work.rows<Row>({
        text: 'SELECT * FROM invitations WHERE id = $1 FOR UPDATE',
        values: [invitationId],
      });
      if (!row) return undefined;
      const next = respond(toInvitation(row));
      await work.rows({
        text: 'UPDATE invitations SET status = $2, responded_at = now() WHERE id = $1',
        values: [invitationId, next.storedStatus],
      });
      if (next.storedStatus === 'accepted' && partnerId) {
        // A new member changes the organization's representation: a new version (its ETag), taken
        // under the organization's row lock, as every roster change is.
        await work.rows({
          text: `WITH joined AS (
                   INSERT INTO memberships (organization_id, partner_id, role, joined_at) VALUES ($1, $2, $3, now())
                   ON CONFLICT (organization_id, partner_id) DO NOTHING
                   RETURNING organization_id
                 )
                 UPDATE organizations SET version = version + 1 WHERE id IN (SELECT organization_id FROM joined)`,
          values: [next.organizationId, partnerId, next.role],
        });
      }
      return next;
    });
  }
}

function toInvitation(row: Row): Invitation {
  return Invitation.restore({
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    role: row.role,
    status: row.status,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  });
}
