import { isScope, type Scope } from '../../shared/auth/scopes.js';
import { OAuthError } from './oauth-error.js';

// RFC 6749 appendix A.4: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), tokens separated by one space.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The scopes a token gets: all of the integration's when none are asked for (RFC 6749 section
 * 3.3 allows a default), otherwise exactly those asked for, each of which the integration must hold.
 */
export function grantedScopes(requested: string | undefined, allowed: readonly Scope[]): Scope[] {
  if (requested === undefined) return [...allowed];
  const tokens = requested.split(' ');
  if (tokens.some((token) => !SCOPE_TOKEN.test(token))) {
    throw new OAuthError('invalid_scope', 'The scope parameter must be scope names separated by single spaces.');
  }
  const unknown = tokens.filter((token) => !isScope(token));
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `Unknown scope: ${unknown.join(' ')}.`);
  const beyond = tokens.filter((token) => !allowed.includes(token as Scope));
  if (beyond.length > 0) {
    throw new OAuthError('invalid_scope', `Scope not granted to this client: ${beyond.join(' ')}.`);
  }
  return [...new Set(tokens as Scope[])].sort();
}
