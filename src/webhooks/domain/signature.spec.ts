import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { newSigningSecret, webhookSigner } from './signature.js';

/** The signatures against the specification's reference library: its signer and its verifier. */
describe('webhookSigner', () => {
  const signed = fc.record({
    id: fc.uuid(),
    body: fc.string({ unit: 'binary', maxLength: 2000 }),
    seconds: fc.integer({ min: 0, max: 4_000_000_000 }),
  });

  it('signs exactly as the reference library does, for any id, body and time', () => {
    fc.assert(
      fc.property(signed, ({ id, body, seconds }) => {
        const secret = newSigningSecret();
        const at = new Date(seconds * 1000 + 999); // the milliseconds are dropped
        const headers = webhookSigner(secret)(id, at, body);
        expect(headers).toEqual({
          'webhook-id': id,
          'webhook-timestamp': String(seconds),
          'webhook-signature': new Webhook(secret).sign(id, new Date(seconds * 1000), body),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('is accepted by the reference verifier with its secret only', () => {
    const secret = newSigningSecret();
    const body = JSON.stringify({ type: 'instance.created', data: { name: 'Acme EU' } });
    const headers = webhookSigner(secret)('msg_1', new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('EU', 'US'), headers)).toThrow();
  });

  it('takes a secret with or without its whsec_ prefix', () => {
    const secret = newSigningSecret();
    const at = new Date();
    expect(webhookSigner(secret.slice('whsec_'.length))('id', at, '{}')).toEqual(webhookSigner(secret)('id', at, '{}'));
  });
});
