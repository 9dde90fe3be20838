import type { Scope } from './scopes.js';

/** The partner an API key belongs to, attached to the request by the authentication guard. */
export interface AuthenticatedPartner {
  id: string;
  name: string;
  email: string;
  /** The key's scopes; undefined: the key may do whatever the partner's roles allow. */
  scopes?: readonly Scope[];
}

declare module 'fastify' {
  interface FastifyRequest {
    partner?: AuthenticatedPartner;
    /** Set by the admin guard: the caller holds the operator's admin key. */
    operator?: true;
  }
}
