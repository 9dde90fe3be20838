import { DomainError } from '../../shared/domain/domain-error.js';

export interface WebhookEndpoint {
  id: string;
  organizationId: string;
  url: string;
  /** Wire names of the event types it receives; null: every type. */
  eventTypes: string[] | null;
  description: string | null;
  disabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookDeliveryAttempt {
  eventId: string;
  eventType: string;
  attemptedAt: Date;
  status: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

/** A merge patch of an endpoint: a property left out (undefined) is unchanged. */
export interface WebhookEndpointPatch {
  url?: string;
  eventTypes?: string[] | null;
  description?: string | null;
  disabled?: boolean;
}

export type WebhookErrorCode = 'endpoint_not_found';

export class WebhookError extends DomainError<WebhookErrorCode> {
  static notFound(): WebhookError {
    return new WebhookError('endpoint_not_found', 'Webhook endpoint not found.');
  }
}

/** The subscriber name of an endpoint: the key of its cursor and deliveries in the outbox. */
export const subscriberName = (endpointId: string) => `webhook:${endpointId}`;

/** Port: endpoints, always scoped to one organization. */
export abstract class WebhookEndpoints {
  /** Stores a new endpoint; it receives the events committed from now on. */
  abstract add(endpoint: WebhookEndpoint, secret: string): Promise<void>;
  abstract list(organizationId: string): Promise<WebhookEndpoint[]>;
  abstract find(organizationId: string, endpointId: string): Promise<WebhookEndpoint | undefined>;
  abstract update(organizationId: string, endpointId: string, patch: WebhookEndpointPatch): Promise<WebhookEndpoint>;
  abstract remove(organizationId: string, endpointId: string): Promise<void>;
  abstract replaceSecret(organizationId: string, endpointId: string, secret: string): Promise<void>;
  abstract attempts(organizationId: string, endpointId: string, limit: number): Promise<WebhookDeliveryAttempt[]>;
  /** Makes the endpoint's dead deliveries of events since `since` due again; returns how many. */
  abstract replay(organizationId: string, endpointId: string, since: Date): Promise<number>;
}

/** Port: why a webhook URL may not be used now (scheme, address, what its host resolves to); undefined if it may. */
export abstract class WebhookUrlChecker {
  abstract problem(url: string): Promise<string | undefined>;
}
