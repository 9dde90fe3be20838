import { Command } from '@nestjs/cqrs';

export class RevokeIntegrationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly integrationId: string,
  ) {
    super();
  }
}
