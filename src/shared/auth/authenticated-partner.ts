/** The partner an API key belongs to, attached to the request by the authentication guard. */
export interface AuthenticatedPartner {
  id: string;
  name: string;
  email: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    partner?: AuthenticatedPartner;
    /** Set by the admin guard: the caller holds the operator's admin key. */
    operator?: true;
  }
}
