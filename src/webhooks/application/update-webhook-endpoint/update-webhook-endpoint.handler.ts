import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PublicEvents } from '../../../events/index.js';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import { WebhookEndpoints, WebhookUrlChecker } from '../../domain/webhook-endpoint.js';
import { checkEndpoint } from '../webhook-rules.js';
import { UpdateWebhookEndpointCommand } from './update-webhook-endpoint.command.js';

@CommandHandler(UpdateWebhookEndpointCommand)
export class UpdateWebhookEndpointHandler implements ICommandHandler<UpdateWebhookEndpointCommand> {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly relay: OutboxRelay,
    private readonly urls: WebhookUrlChecker,
    private readonly events: PublicEvents,
  ) {}

  async execute(command: UpdateWebhookEndpointCommand) {
    const { patch } = command;
    const urlProblem = patch.url !== undefined ? await this.urls.problem(patch.url) : undefined;
    checkEndpoint(patch, urlProblem, this.events.publicTypes(), false);
    const endpoint = await this.endpoints.update(command.organizationId, command.endpointId, command.patch);
    await this.relay.refresh();
    return endpoint;
  }
}
