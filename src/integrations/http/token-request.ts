import { OAuthError } from '../domain/oauth-error.js';

export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** A token request whose shape and client authentication are well-formed (RFC 6749 sections 2.3 and 4.4). */
export interface TokenRequest {
  grantType: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Whether the client authenticated with HTTP Basic: an `invalid_client` answer then names that scheme. */
  usedBasic: boolean;
}

/**
 * Reads the parameters and the client credentials of a token request, refusing what RFC 6749
 * refuses: another media type, a repeated parameter, a missing `grant_type` (invalid_request), two
 * ways of authenticating at once (invalid_request), missing or malformed credentials (invalid_client).
 */
export function readTokenRequest(form: URLSearchParams | undefined, authorization: string | undefined): TokenRequest {
  const usedBasic = authorization !== undefined && /^basic(\s|$)/i.test(authorization.trim());
  if (!form) {
    throw new OAuthError('invalid_request', `The request body must be ${FORM_MEDIA_TYPE}.`);
  }
  const names = [...form.keys()];
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new OAuthError('invalid_request', `The parameter "${repeated}" is given more than once.`);
  const grantType = form.get('grant_type');
  if (!grantType) throw new OAuthError('invalid_request', 'The grant_type parameter is missing.');

  const bodyId = form.get('client_id') ?? undefined;
  const bodySecret = form.get('client_secret') ?? undefined;
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  if (authorization !== undefined && !usedBasic) {
    throw new OAuthError('invalid_client', 'Authenticate the client with HTTP Basic or client_secret_post.');
  }
  if (usedBasic) {
    if (bodySecret !== undefined) {
      throw new OAuthError(
        'invalid_request',
        'Use one client authentication method: HTTP Basic or client_secret_post.',
      );
    }
    [clientId, clientSecret] = basicCredentials(authorization as string);
    if (bodyId !== undefined && bodyId !== clientId) {
      throw new OAuthError('invalid_request', 'The client_id parameter differs from the HTTP Basic credentials.');
    }
  } else {
    clientId = bodyId;
    clientSecret = bodySecret;
  }
  if (!clientId || clientSecret === undefined) {
    throw new OAuthError('invalid_client', 'Client authentication is missing: send client_id and client_secret.');
  }
  const scope = form.get('scope') ?? undefined;
  return { grantType, clientId, clientSecret, scope, usedBasic };
}

/** RFC 6749 section 2.3.1: base64 of `urlencode(id):urlencode(secret)`. */
function basicCredentials(authorization: string): [string, string] {
  const malformed = () => new OAuthError('invalid_client', 'The HTTP Basic credentials are malformed.');
  const encoded = authorization.trim().slice('basic'.length).trim();
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) throw malformed();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw malformed();
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))];
  } catch {
    throw malformed();
  }
}
