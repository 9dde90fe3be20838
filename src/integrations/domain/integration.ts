import { uuidv7 } from '../../shared/domain/uuid-v7.js';
import { isScope, type Scope, SCOPE_NAMES } from '../../shared/auth/scopes.js';
import { checkDisplayName } from '../../shared/domain/text-rules.js';
import { ViolationCode, ViolationList } from '../../shared/domain/violation.js';
import { generateClientId, generateClientSecret, secretMatches } from './client-credentials.js';

const INTEGRATION_NAME_MAX_LENGTH = 255;

/** An organization's machine client: OAuth 2.0 client credentials and the scopes it may be granted. */
export class Integration {
  private constructor(
    readonly id: string,
    readonly organizationId: string,
    readonly name: string,
    readonly clientId: string,
    readonly secretHash: string,
    readonly previousSecretHash: string | null,
    readonly previousSecretExpiresAt: Date | null,
    readonly scopes: readonly Scope[],
    readonly createdAt: Date,
    readonly revokedAt: Date | null,
  ) {}

  /** Checks every rule at once; the secret is returned once and never stored. */
  static create(
    organizationId: string,
    input: { name?: string | null; scopes?: unknown },
    now = new Date(),
  ): { integration: Integration; secret: string } {
    const violations = new ViolationList();
    checkDisplayName(violations, 'name', input.name, INTEGRATION_NAME_MAX_LENGTH);
    const scopes = checkScopes(violations, input.scopes);
    violations.throwIfAny();
    const secret = generateClientSecret();
    const integration = new Integration(
      uuidv7(),
      organizationId,
      input.name as string,
      generateClientId(),
      secret.hash,
      null,
      null,
      scopes,
      now,
      null,
    );
    return { integration, secret: secret.plainText };
  }

  static restore(row: {
    id: string;
    organizationId: string;
    name: string;
    clientId: string;
    secretHash: string;
    previousSecretHash: string | null;
    previousSecretExpiresAt: Date | null;
    scopes: Scope[];
    createdAt: Date;
    revokedAt: Date | null;
  }): Integration {
    return new Integration(
      row.id,
      row.organizationId,
      row.name,
      row.clientId,
      row.secretHash,
      row.previousSecretHash,
      row.previousSecretExpiresAt,
      row.scopes,
      row.createdAt,
      row.revokedAt,
    );
  }

  /**
   * A new secret; the current one becomes the previous and keeps working until `now + overlapMs`.
   * A secret older than the current one stops working at once.
   */
  rotateSecret(overlapMs: number, now = new Date()): { integration: Integration; secret: string } {
    const secret = generateClientSecret();
    const integration = new Integration(
      this.id,
      this.organizationId,
      this.name,
      this.clientId,
      secret.hash,
      this.secretHash,
      new Date(now.getTime() + overlapMs),
      this.scopes,
      this.createdAt,
      this.revokedAt,
    );
    return { integration, secret: secret.plainText };
  }

  get isActive(): boolean {
    return this.revokedAt === null;
  }

  /** Whether `secret` is the current secret, or the previous one before its expiry. */
  acceptsSecret(secret: string, now = new Date()): boolean {
    if (!this.isActive) return false;
    // Both compared, whatever the first says, so that timing tells nothing about which matched.
    const current = secretMatches(secret, this.secretHash);
    const previous =
      this.previousSecretHash !== null &&
      this.previousSecretExpiresAt !== null &&
      this.previousSecretExpiresAt > now &&
      secretMatches(secret, this.previousSecretHash);
    return current || previous;
  }
}

function checkScopes(violations: ViolationList, value: unknown): Scope[] {
  if (!Array.isArray(value) || value.length === 0) {
    violations.add('scopes', 'Name at least one scope.', ViolationCode.NotBlank);
    return [];
  }
  const unknown = value.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    violations.add(
      'scopes',
      `Unknown scope ${unknown.map((s) => JSON.stringify(s)).join(', ')}. Known scopes: ${SCOPE_NAMES.join(', ')}.`,
      ViolationCode.InvalidChoice,
    );
    return [];
  }
  return [...new Set(value as Scope[])].sort();
}
