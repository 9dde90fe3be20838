import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IntegrationError } from '../../domain/integration.errors.js';
import { IntegrationRepository } from '../../domain/integration.repository.js';
import { viewOf } from '../integration-view.js';
import { OAuthSettings } from '../oauth-settings.js';
import { RotateIntegrationSecretCommand, type RotatedIntegration } from './rotate-integration-secret.command.js';

@CommandHandler(RotateIntegrationSecretCommand)
export class RotateIntegrationSecretHandler implements ICommandHandler<RotateIntegrationSecretCommand> {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly settings: OAuthSettings,
  ) {}

  async execute(command: RotateIntegrationSecretCommand): Promise<RotatedIntegration> {
    const current = await this.integrations.findActive(command.organizationId, command.integrationId);
    if (!current) throw IntegrationError.notFound();
    const { integration, secret } = current.rotateSecret(this.settings.previousSecretTtlMs);
    if (!(await this.integrations.saveSecrets(integration))) throw IntegrationError.notFound();
    return { ...viewOf(integration), clientSecret: secret };
  }
}
