import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** Signs deliveries with one secret; the secret is decoded once, not on every delivery. */
export type WebhookSigner = (id: string, timestamp: Date, body: string) => Record<string, string>;

/**
 * The Standard Webhooks headers of a delivery: `v1,` + base64 of HMAC-SHA256 over
 * `id.timestamp.body`, keyed with the secret's decoded bytes. Node's native HMAC rather than the
 * specification's reference library (`standardwebhooks`), which hashes in JavaScript (16 us per
 * delivery, docs/performance.md, session 12); its verifier checks these signatures in the tests.
 */
export function webhookSigner(secret: string): WebhookSigner {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return (id, timestamp, body) => {
    const seconds = Math.floor(timestamp.getTime() / 1000).toString();
    const signature = createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64');
    return { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': `v1,${signature}` };
  };
}
