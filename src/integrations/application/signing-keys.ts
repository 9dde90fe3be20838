import { Injectable } from '@nestjs/common';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { SigningKeyStore, type StoredSigningKey } from '../domain/signing-key.store.js';
import { PrivateKeyCipher } from '../domain/private-key-cipher.js';
import { OAuthSettings } from './oauth-settings.js';

export const SIGNING_ALGORITHM = 'ES256';
/** How often verification may reload the keys for an unknown `kid` (another replica rotated). */
const RELOAD_INTERVAL_MS = 1000;

interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
  createdAt: Date;
}

/**
 * The token signing keys: ES256 pairs generated here (jose), kept in the database with the
 * private half encrypted, shared by every replica. One key signs for OAUTH_SIGNING_KEY_ROTATION_SECONDS;
 * then the first replica that needs a key creates the next one (under a lock, so only one does),
 * and the previous key stays published until the last token it signed has expired.
 */
@Injectable()
export class SigningKeys {
  private active?: ActiveKey;
  private published: StoredSigningKey[] = [];
  private loadedAt = 0;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly encryption: PrivateKeyCipher,
    private readonly settings: OAuthSettings,
  ) {}

  /** The key to sign with now, rotating when the current one has signed long enough. */
  async signingKey(now = new Date()): Promise<ActiveKey> {
    if (this.active && this.active.createdAt.getTime() + this.settings.rotationMs > now.getTime()) return this.active;
    const stored = await this.store.newestOrInsert(
      new Date(now.getTime() - this.settings.rotationMs),
      () => this.generate(now),
      new Date(now.getTime() - this.settings.keyLifetimeMs),
    );
    const privateJwk = await this.encryption.decrypt(stored.encryptedPrivateJwk).catch(() => {
      throw new Error('The OAuth signing keys in the database were encrypted with another OAUTH_KEY_ENCRYPTION_SECRET');
    });
    this.active = {
      kid: stored.kid,
      privateKey: (await importJWK(privateJwk, SIGNING_ALGORITHM)) as CryptoKey,
      createdAt: stored.createdAt,
    };
    await this.reload(now);
    return this.active;
  }

  /** The public keys that verify tokens not yet expired (the JWKS). */
  async publicKeys(now = new Date()): Promise<JWK[]> {
    if (now.getTime() - this.loadedAt > RELOAD_INTERVAL_MS) await this.reload(now);
    return this.verifying(now);
  }

  /** The public keys, reloaded first if `kid` is unknown (at most once per second). */
  async publicKeysFor(kid: string | undefined, now = new Date()): Promise<JWK[]> {
    const known = this.verifying(now);
    if (known.some((key) => key.kid === kid) || now.getTime() - this.loadedAt < RELOAD_INTERVAL_MS) return known;
    await this.reload(now);
    return this.verifying(now);
  }

  private verifying(now: Date): JWK[] {
    const since = now.getTime() - this.settings.keyLifetimeMs;
    return this.published.filter((key) => key.createdAt.getTime() >= since).map((key) => key.publicJwk);
  }

  private async reload(now: Date): Promise<void> {
    this.published = await this.store.listSince(new Date(now.getTime() - this.settings.keyLifetimeMs));
    this.loadedAt = now.getTime();
  }

  private async generate(now: Date): Promise<StoredSigningKey> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    return {
      kid,
      publicJwk: { ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' },
      encryptedPrivateJwk: await this.encryption.encrypt(await exportJWK(privateKey), kid),
      createdAt: now,
    };
  }
}
