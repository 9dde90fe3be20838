import type { Scope } from './scopes.js';

/** An integration acting through one of its access tokens, attached to the request by the auth guard. */
export interface IntegrationCaller {
  integrationId: string;
  clientId: string;
  /** The one organization the token acts for. */
  organizationId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    integration?: IntegrationCaller;
    /** What the credential may do; undefined: no restriction beyond the caller's roles (unscoped API key). */
    grantedScopes?: readonly Scope[];
  }
}
