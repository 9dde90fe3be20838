import { Query } from '@nestjs/cqrs';
import type { WebhookDeliveryAttempt } from '../../domain/webhook-endpoint.js';

/** The endpoint's latest delivery attempts, newest first. */
export class ListWebhookDeliveriesQuery extends Query<WebhookDeliveryAttempt[]> {
  constructor(
    readonly organizationId: string,
    readonly endpointId: string,
    readonly limit: number,
  ) {
    super();
  }
}
