import type { Integration } from './integration.js';

/** Port: where integrations are kept. Lookups by organization never see another organization's. */
export abstract class IntegrationRepository {
  abstract insert(integration: Integration): Promise<void>;
  /** Active integrations of the organization, oldest first. */
  abstract listActive(organizationId: string): Promise<Integration[]>;
  abstract findActive(organizationId: string, integrationId: string): Promise<Integration | undefined>;
  abstract findByClientId(clientId: string): Promise<Integration | undefined>;
  /** Stores the rotated secrets, unless the integration was revoked meanwhile (false). */
  abstract saveSecrets(integration: Integration): Promise<boolean>;
  /** Marks it revoked; false when the organization has no such active integration. */
  abstract revoke(organizationId: string, integrationId: string): Promise<boolean>;
}
