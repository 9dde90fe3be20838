import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Integration } from '../../domain/integration.js';
import { IntegrationRepository } from '../../domain/integration.repository.js';
import { viewOf } from '../integration-view.js';
import { CreateIntegrationCommand, type CreatedIntegration } from './create-integration.command.js';

@CommandHandler(CreateIntegrationCommand)
export class CreateIntegrationHandler implements ICommandHandler<CreateIntegrationCommand> {
  constructor(private readonly integrations: IntegrationRepository) {}

  async execute(command: CreateIntegrationCommand): Promise<CreatedIntegration> {
    const { integration, secret } = Integration.create(command.organizationId, {
      name: command.name,
      scopes: command.scopes,
    });
    await this.integrations.insert(integration);
    return { ...viewOf(integration), clientSecret: secret };
  }
}
