import type { JWK } from 'jose';

/** Port: encrypts private signing keys before they are stored, and decrypts them when loaded. */
export abstract class PrivateKeyCipher {
  abstract encrypt(jwk: JWK, kid: string): Promise<string>;
  /** Fails when the key was encrypted under another secret. */
  abstract decrypt(encrypted: string): Promise<JWK>;
}
