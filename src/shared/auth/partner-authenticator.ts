import type { AuthenticatedPartner } from './authenticated-partner.js';

/** Port: resolves an API key to its partner. The identity module provides the implementation. */
export abstract class PartnerAuthenticator {
  abstract authenticate(apiKey: string): Promise<AuthenticatedPartner | undefined>;
}
