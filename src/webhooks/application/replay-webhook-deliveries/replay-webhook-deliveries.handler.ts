import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookEndpoints } from '../../domain/webhook-endpoint.js';
import { ReplayWebhookDeliveriesCommand } from './replay-webhook-deliveries.command.js';

@CommandHandler(ReplayWebhookDeliveriesCommand)
export class ReplayWebhookDeliveriesHandler implements ICommandHandler<ReplayWebhookDeliveriesCommand> {
  constructor(private readonly endpoints: WebhookEndpoints) {}

  execute(command: ReplayWebhookDeliveriesCommand): Promise<number> {
    return this.endpoints.replay(command.organizationId, command.endpointId, command.since);
  }
}
