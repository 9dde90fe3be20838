import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
import type { Scope } from '../../shared/auth/scopes.js';
import type { ApiKey } from './api-key.js';
import type { Partner } from './partner.js';

/** Port: where partners and their API keys are kept. */
export abstract class PartnerRepository {
  /** Stores a new partner with its first key; a taken email fails with ValidationFailed on `email`. */
  abstract create(partner: Partner, firstKey: ApiKey): Promise<void>;
  abstract exists(partnerId: string): Promise<boolean>;
  abstract addKey(key: ApiKey): Promise<void>;
  /** Marks the key revoked; false when the partner has no such active key. */
  abstract revokeKey(partnerId: string, keyId: string): Promise<boolean>;
  /** The partner of an active key that has not expired, with the key's id, scopes and expiry. */
  abstract findByActiveKeyHash(hash: string): Promise<ActiveKeyHolder | undefined>;
  /** Records that the key was used now. */
  abstract touchKey(keyId: string): Promise<void>;
  /** Every key of the partner, revoked ones included, oldest first. */
  abstract listKeys(partnerId: string): Promise<ApiKeyView[]>;
}

export type ActiveKeyHolder = AuthenticatedPartner & { keyId: string; expiresAt: Date | null };

/** What an operator sees of a key: never its hash. */
export interface ApiKeyView {
  id: string;
  partnerId: string;
  scopes: Scope[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
