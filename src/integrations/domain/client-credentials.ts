import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A freshly generated client secret: the plain text goes to the owner once; only the hash is stored. */
export interface GeneratedSecret {
  plainText: string;
  hash: string;
}

export function generateClientId(): string {
  return 'iic_' + randomBytes(16).toString('base64url');
}

export function generateClientSecret(): GeneratedSecret {
  const plainText = 'ics_' + randomBytes(32).toString('base64url');
  return { plainText, hash: hashClientSecret(plainText) };
}

/** SHA-256, as for API keys: 256 random bits leave no dictionary to attack. */
function hashClientSecret(plainText: string): string {
  return createHash('sha256').update(plainText).digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(plainText: string, hash: string): boolean {
  const presented = Buffer.from(hashClientSecret(plainText), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
