import { uuidv7 } from '../../shared/domain/uuid-v7.js';
import { isScope, type Scope, SCOPE_NAMES } from '../../shared/auth/scopes.js';
import { ViolationCode, ViolationList } from '../../shared/domain/violation.js';
import { generateApiKeySecret } from './api-key-secret.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** What an operator may restrict a new key to; both left out: a key as before (no scope, no expiry). */
export interface ApiKeyRestrictions {
  scopes?: unknown;
  expiresAt?: unknown;
}

/** A partner's API key as stored: its hash, never its plain text. */
export class ApiKey {
  private constructor(
    readonly id: string,
    readonly partnerId: string,
    readonly hash: string,
    readonly createdAt: Date,
    /** null: the key may do whatever the partner's roles allow. */
    readonly scopes: readonly Scope[] | null,
    readonly expiresAt: Date | null,
  ) {}

  /** Issues a key for `partnerId`; the plain text is returned once and never stored. */
  static issue(
    partnerId: string,
    restrictions: ApiKeyRestrictions = {},
    now = new Date(),
  ): { key: ApiKey; plainText: string } {
    const violations = new ViolationList();
    const scopes = checkScopes(violations, restrictions.scopes);
    const expiresAt = checkExpiry(violations, restrictions.expiresAt, now);
    violations.throwIfAny();
    const secret = generateApiKeySecret();
    return {
      key: new ApiKey(uuidv7(), partnerId, secret.hash, now, scopes, expiresAt),
      plainText: secret.plainText,
    };
  }
}

function checkScopes(violations: ViolationList, value: unknown): Scope[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0) {
    violations.add(
      'scopes',
      'Name at least one scope, or leave scopes out for an unrestricted key.',
      ViolationCode.NotBlank,
    );
    return null;
  }
  const unknown = value.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    violations.add(
      'scopes',
      `Unknown scope ${unknown.map((s) => JSON.stringify(s)).join(', ')}. Known scopes: ${SCOPE_NAMES.join(', ')}.`,
      ViolationCode.InvalidChoice,
    );
    return null;
  }
  return [...new Set(value as Scope[])].sort();
}

function checkExpiry(violations: ViolationList, value: unknown, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const date = typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !isCalendarDate((value as string).slice(0, 10))) {
    violations.add(
      'expires_at',
      'This value is not a valid date-time with a time zone, e.g. "2026-12-31T23:59:59Z".',
      ViolationCode.Pattern,
    );
    return null;
  }
  if (date <= now) {
    violations.add('expires_at', 'This value should be in the future.', ViolationCode.Pattern);
    return null;
  }
  return date;
}

/** Date rolls 2030-02-30 over to March 2: a day the calendar does not have is refused instead. */
function isCalendarDate(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, date));
  return parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
}
