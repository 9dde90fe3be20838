import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import { newSigningSecret } from '../../domain/signature.js';
import { WebhookEndpoints, WebhookError } from '../../domain/webhook-endpoint.js';
import { RotateWebhookSecretCommand } from './rotate-webhook-secret.command.js';

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand> {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(command: RotateWebhookSecretCommand) {
    const secret = newSigningSecret();
    await this.endpoints.replaceSecret(command.organizationId, command.endpointId, secret);
    const endpoint = await this.endpoints.find(command.organizationId, command.endpointId);
    if (!endpoint) throw WebhookError.notFound();
    await this.relay.refresh(); // sign with the new secret from now on
    return { endpoint, secret };
  }
}
