import { hkdfSync } from 'node:crypto';
import { compactDecrypt, CompactEncrypt, type JWK } from 'jose';
import { PrivateKeyCipher } from '../domain/private-key-cipher.js';

/**
 * Development default of OAUTH_KEY_ENCRYPTION_SECRET: public, so it protects nothing; production
 * refuses to start without a secret of its own (loadEnvironment).
 */
export const DEVELOPMENT_KEY_ENCRYPTION_SECRET = 'instances-api-development-only-oauth-key-encryption-secret';

/**
 * Encrypts private signing keys at rest as compact JWE (`dir`, A256GCM, by jose) under a 256-bit
 * key derived from the configured secret with HKDF-SHA256: a database dump alone cannot sign tokens.
 */
export class KeyEncryption extends PrivateKeyCipher {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    super();
    this.key = new Uint8Array(hkdfSync('sha256', secret, 'instances-api', 'oauth-signing-key-encryption', 32));
  }

  async encrypt(jwk: JWK, kid: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(jwk)))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
      .encrypt(this.key);
  }

  /** Fails when the key was encrypted under another secret. */
  async decrypt(jwe: string): Promise<JWK> {
    const { plaintext } = await compactDecrypt(jwe, this.key);
    return JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
  }
}
