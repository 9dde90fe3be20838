import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import { WebhookEndpoints } from '../../domain/webhook-endpoint.js';
import { ReplayWebhookDeliveriesCommand } from './replay-webhook-deliveries.command.js';

@CommandHandler(ReplayWebhookDeliveriesCommand)
export class ReplayWebhookDeliveriesHandler implements ICommandHandler<ReplayWebhookDeliveriesCommand> {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(command: ReplayWebhookDeliveriesCommand): Promise<number> {
    const count = await this.endpoints.replay(command.organizationId, command.endpointId, command.since);
    this.relay.nudge();
    return count;
  }
}
