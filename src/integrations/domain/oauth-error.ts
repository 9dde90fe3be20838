/**
 * The error codes of RFC 6749 section 5.2 this token endpoint answers. `invalid_grant` and
 * `unauthorized_client` cannot occur: client credentials is the only grant, and every client may use it.
 */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

/** A refused token request, answered as OAuth JSON (`error`, `error_description`), not as a problem. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
    this.name = 'OAuthError';
  }
}
