import type { JWK } from 'jose';

/** A token signing key as kept: the public JWK in clear, the private JWK encrypted (compact JWE). */
export interface StoredSigningKey {
  kid: string;
  publicJwk: JWK;
  encryptedPrivateJwk: string;
  createdAt: Date;
}

/** Port: where signing keys are kept, shared by every replica. */
export abstract class SigningKeyStore {
  /** Every key created at or after `since`, newest first. */
  abstract listSince(since: Date): Promise<StoredSigningKey[]>;
  /**
   * Under a lock held by one replica at a time: the newest key if it was created at or after
   * `notBefore`; otherwise `candidate()` is stored and returned. Keys created before `deleteBefore`
   * are deleted meanwhile (they verify no token that has not expired).
   */
  abstract newestOrInsert(
    notBefore: Date,
    candidate: () => Promise<StoredSigningKey>,
    deleteBefore: Date,
  ): Promise<StoredSigningKey>;
}
