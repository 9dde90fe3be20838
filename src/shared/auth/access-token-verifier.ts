import type { IntegrationCaller } from './caller.js';
import type { Scope } from './scopes.js';

export type VerifiedAccessToken = { caller: IntegrationCaller; scopes: Scope[] } | { invalid: string };

/**
 * Port: verifies an OAuth access token (a JWT) issued by this service. The integrations module
 * provides it; `invalid` carries the reason given in `error_description`.
 */
export abstract class AccessTokenVerifier {
  abstract verify(token: string): Promise<VerifiedAccessToken>;
}

/** A JWT has three dot-separated parts; partner API keys contain no dot. */
export function looksLikeAccessToken(token: string): boolean {
  return token.split('.').length === 3;
}
