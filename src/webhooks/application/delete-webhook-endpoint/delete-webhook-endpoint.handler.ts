import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import { WebhookEndpoints } from '../../domain/webhook-endpoint.js';
import { DeleteWebhookEndpointCommand } from './delete-webhook-endpoint.command.js';

@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler implements ICommandHandler<DeleteWebhookEndpointCommand> {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(command: DeleteWebhookEndpointCommand): Promise<void> {
    await this.endpoints.remove(command.organizationId, command.endpointId);
    await this.relay.refresh();
  }
}
