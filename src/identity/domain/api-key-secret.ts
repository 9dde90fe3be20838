import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'iak_';

/** A freshly issued API key: the plain text goes to the partner once; only the hash is stored. */
export interface IssuedApiKeySecret {
  plainText: string;
  hash: string;
}

export function generateApiKeySecret(): IssuedApiKeySecret {
  const plainText = PREFIX + randomBytes(32).toString('base64url');
  return { plainText, hash: hashApiKey(plainText) };
}

/**
 * SHA-256 is enough for 256-bit random keys (no dictionary to attack), and keeps the lookup by hash
 * a single indexed equality.
 */
export function hashApiKey(plainText: string): string {
  return createHash('sha256').update(plainText).digest('hex');
}
