import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IntegrationError } from '../../domain/integration.errors.js';
import { IntegrationRepository } from '../../domain/integration.repository.js';
import { IntegrationStatusCache } from '../integration-status-cache.js';
import { RevokeIntegrationCommand } from './revoke-integration.command.js';

@CommandHandler(RevokeIntegrationCommand)
export class RevokeIntegrationHandler implements ICommandHandler<RevokeIntegrationCommand> {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly statuses: IntegrationStatusCache,
  ) {}

  async execute(command: RevokeIntegrationCommand): Promise<void> {
    const integration = await this.integrations.findActive(command.organizationId, command.integrationId);
    if (!integration || !(await this.integrations.revoke(command.organizationId, command.integrationId))) {
      throw IntegrationError.notFound();
    }
    // Its tokens are refused from the next request on, here and (LISTEN/NOTIFY) in every replica.
    await this.statuses.forget(integration.clientId);
  }
}
