import { v7 as uuidv7 } from 'uuid';
import { generateApiKeySecret } from './api-key-secret.js';

/** A partner's API key as stored: its hash, never its plain text. */
export class ApiKey {
  private constructor(
    readonly id: string,
    readonly partnerId: string,
    readonly hash: string,
    readonly createdAt: Date,
  ) {}

  /** Issues a key for `partnerId`; the plain text is returned once and never stored. */
  static issue(partnerId: string, now = new Date()): { key: ApiKey; plainText: string } {
    const secret = generateApiKeySecret();
    return { key: new ApiKey(uuidv7(), partnerId, secret.hash, now), plainText: secret.plainText };
  }
}
