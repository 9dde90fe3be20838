import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AccessTokenVerifier, type VerifiedAccessToken } from '../../shared/auth/access-token-verifier.js';
import { isScope, type Scope } from '../../shared/auth/scopes.js';
import type { Integration } from '../domain/integration.js';
import { IntegrationStatusCache } from './integration-status-cache.js';
import { OAuthSettings } from './oauth-settings.js';
import { SIGNING_ALGORITHM, SigningKeys } from './signing-keys.js';

const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
  scopes: Scope[];
}

interface AccessTokenClaims {
  client_id: string;
  org_id: string;
  scope: string;
}

/**
 * Access tokens as RFC 9068 JWTs (jose): issued for an integration, and verified on every API
 * request against our own published keys, then against the integration's current status.
 */
@Injectable()
export class AccessTokens extends AccessTokenVerifier {
  constructor(
    private readonly keys: SigningKeys,
    private readonly settings: OAuthSettings,
    private readonly statuses: IntegrationStatusCache,
  ) {
    super();
  }

  async issue(integration: Integration, scopes: Scope[]): Promise<IssuedAccessToken> {
    const key = await this.keys.signingKey();
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      client_id: integration.clientId,
      org_id: integration.organizationId,
      scope: scopes.join(' '),
    };
    const accessToken = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: key.kid })
      .setIssuer(this.settings.issuer)
      .setSubject(integration.clientId)
      .setAudience(this.settings.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.settings.tokenTtlSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
    return { accessToken, expiresIn: this.settings.tokenTtlSeconds, scopes };
  }

  async verify(token: string): Promise<VerifiedAccessToken> {
    let claims: AccessTokenClaims & { sub?: string };
    try {
      const { kid } = decodeProtectedHeader(token);
      const keys = createLocalJWKSet({ keys: await this.keys.publicKeysFor(kid) });
      const verified = await jwtVerify<AccessTokenClaims>(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        typ: ACCESS_TOKEN_TYPE,
        algorithms: [SIGNING_ALGORITHM],
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id', 'org_id', 'scope'],
      });
      claims = verified.payload;
    } catch (error) {
      return { invalid: reasonOf(error) };
    }
    if (typeof claims.client_id !== 'string' || typeof claims.scope !== 'string' || claims.sub !== claims.client_id) {
      return { invalid: 'the token is malformed' };
    }
    const status = await this.statuses.statusOf(claims.client_id);
    if (!status?.active || status.organizationId !== claims.org_id) {
      return { invalid: 'the integration has been revoked' };
    }
    return {
      caller: {
        integrationId: status.integrationId,
        clientId: claims.client_id,
        organizationId: status.organizationId,
      },
      scopes: claims.scope.split(' ').filter(isScope),
    };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the token is meant for another audience';
    if (error.claim === 'iss') return 'the token comes from another issuer';
    return `the token's "${error.claim}" claim is invalid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a key of this service';
  return 'the token is malformed';
}
