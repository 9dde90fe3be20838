import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const PREFIX = 'whsec_';

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** Signs deliveries with one secret; the secret is decoded once, not on every delivery. */
export type WebhookSigner = (id: string, timestamp: Date, body: string) => Record<string, string>;

/**
 * The Standard Webhooks headers of a delivery, signed by the specification's reference library
 * (`v1,` + base64 of HMAC-SHA256 over `id.timestamp.body`, keyed with the secret's decoded bytes).
 */
export function webhookSigner(secret: string): WebhookSigner {
  const webhook = new Webhook(secret);
  return (id, timestamp, body) => {
    const seconds = Math.floor(timestamp.getTime() / 1000);
    const signature = webhook.sign(id, new Date(seconds * 1000), body);
    return { 'webhook-id': id, 'webhook-timestamp': seconds.toString(), 'webhook-signature': signature };
  };
}
