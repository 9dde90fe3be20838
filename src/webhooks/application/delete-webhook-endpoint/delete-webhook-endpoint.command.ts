import { Command } from '@nestjs/cqrs';

export class DeleteWebhookEndpointCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly endpointId: string,
  ) {
    super();
  }
}
