import type { AuthenticatedPartner } from '../../shared/auth/authenticated-partner.js';
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
  abstract findByActiveKeyHash(hash: string): Promise<(AuthenticatedPartner & { keyId: string }) | undefined>;
}
