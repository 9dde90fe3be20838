import type { Scope } from '../../shared/auth/scopes.js';
import type { Integration } from '../domain/integration.js';

/** What an owner sees of an integration: never a secret nor its hash. */
export interface IntegrationView {
  id: string;
  organizationId: string;
  name: string;
  clientId: string;
  scopes: readonly Scope[];
  createdAt: Date;
  /** Until when the secret replaced by the last rotation still works; null when none does. */
  previousSecretExpiresAt: Date | null;
}

export function viewOf(integration: Integration, now = new Date()): IntegrationView {
  const previous = integration.previousSecretExpiresAt;
  return {
    id: integration.id,
    organizationId: integration.organizationId,
    name: integration.name,
    clientId: integration.clientId,
    scopes: integration.scopes,
    createdAt: integration.createdAt,
    previousSecretExpiresAt: previous && previous > now ? previous : null,
  };
}
