import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { uuidv7 } from '../../../shared/domain/uuid-v7.js';
import { PublicEvents } from '../../../events/index.js';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import { newSigningSecret } from '../../domain/signature.js';
import { WebhookEndpoints, WebhookUrlChecker } from '../../domain/webhook-endpoint.js';
import { checkEndpoint } from '../webhook-rules.js';
import { CreateWebhookEndpointCommand } from './create-webhook-endpoint.command.js';

@CommandHandler(CreateWebhookEndpointCommand)
export class CreateWebhookEndpointHandler implements ICommandHandler<CreateWebhookEndpointCommand> {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly relay: OutboxRelay,
    private readonly urls: WebhookUrlChecker,
    private readonly events: PublicEvents,
  ) {}

  async execute(command: CreateWebhookEndpointCommand) {
    const fields = { url: command.url, eventTypes: command.eventTypes, description: command.description };
    const urlProblem = command.url ? await this.urls.problem(command.url) : undefined;
    checkEndpoint(fields, urlProblem, this.events.publicTypes(), true);
    const now = new Date();
    const endpoint = {
      id: uuidv7(),
      organizationId: command.organizationId,
      url: command.url,
      eventTypes: command.eventTypes,
      description: command.description,
      disabled: false,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    };
    const secret = newSigningSecret();
    await this.endpoints.add(endpoint, secret);
    await this.relay.refresh(); // deliver to it from now on, not from the next poll
    return { endpoint, secret };
  }
}
