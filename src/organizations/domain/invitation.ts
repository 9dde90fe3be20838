import { uuidv7 } from '../../shared/domain/uuid-v7.js';
import { ORGANIZATION_ROLES, type OrganizationRole } from './organization-role.js';
import { ViolationCode, ViolationList } from '../../shared/domain/violation.js';
import { OrganizationError } from './organization.errors.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_MAX_LENGTH = 254;

/** Stored states; `expired` is a pending invitation whose `expiresAt` has passed. */
export type StoredInvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked';
export type InvitationStatus = StoredInvitationStatus | 'expired';
export const INVITATION_STATUSES: readonly InvitationStatus[] = [
  'pending',
  'accepted',
  'declined',
  'revoked',
  'expired',
];

/** An owner's invitation of an email address into the organization: the invitee's consent to join. */
export class Invitation {
  private constructor(
    readonly id: string,
    readonly organizationId: string,
    readonly email: string,
    readonly role: OrganizationRole,
    readonly storedStatus: StoredInvitationStatus,
    readonly expiresAt: Date,
    readonly createdAt: Date,
  ) {}

  /** Checks every rule at once; the email is kept lower-cased, as partners' emails are. */
  static create(
    organizationId: string,
    input: { email?: string | null; role?: string | null },
    ttlMs: number,
    now = new Date(),
  ): Invitation {
    const violations = new ViolationList();
    const email = input.email?.trim().toLowerCase() ?? '';
    if (email === '') violations.add('email', 'This value should not be blank.', ViolationCode.NotBlank);
    else if (email.length > EMAIL_MAX_LENGTH || !EMAIL.test(email)) {
      violations.add(
        'email',
        'This value is not a valid email address, e.g. "ops@example.com".',
        ViolationCode.Pattern,
      );
    }
    const role = input.role;
    if (role === null || role === undefined || role === '') {
      violations.add('role', 'This value should not be blank.', ViolationCode.NotBlank);
    } else if (!(ORGANIZATION_ROLES as readonly string[]).includes(role)) {
      violations.add(
        'role',
        `The value you selected is not a valid choice. Use one of: ${ORGANIZATION_ROLES.join(', ')}.`,
        ViolationCode.InvalidChoice,
      );
    }
    violations.throwIfAny();
    return new Invitation(
      uuidv7(),
      organizationId,
      email,
      role as OrganizationRole,
      'pending',
      new Date(now.getTime() + ttlMs),
      now,
    );
  }

  static restore(row: {
    id: string;
    organizationId: string;
    email: string;
    role: OrganizationRole;
    status: StoredInvitationStatus;
    expiresAt: Date;
    createdAt: Date;
  }): Invitation {
    return new Invitation(row.id, row.organizationId, row.email, row.role, row.status, row.expiresAt, row.createdAt);
  }

  status(now = new Date()): InvitationStatus {
    return this.storedStatus === 'pending' && this.expiresAt <= now ? 'expired' : this.storedStatus;
  }

  /** The next state; anything but a pending invitation cannot be used again (409). */
  respond(answer: 'accepted' | 'declined' | 'revoked', now = new Date()): Invitation {
    const status = this.status(now);
    if (status !== 'pending') throw OrganizationError.invitationNotPending(status);
    return new Invitation(this.id, this.organizationId, this.email, this.role, answer, this.expiresAt, this.createdAt);
  }
}
