import { Command } from '@nestjs/cqrs';

/** Sends again what the endpoint missed (its dead deliveries) since a time; returns how many. */
export class ReplayWebhookDeliveriesCommand extends Command<number> {
  constructor(
    readonly organizationId: string,
    readonly endpointId: string,
    readonly since: Date,
  ) {
    super();
  }
}
