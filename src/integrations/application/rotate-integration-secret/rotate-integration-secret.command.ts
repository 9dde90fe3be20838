import { Command } from '@nestjs/cqrs';
import type { IntegrationView } from '../integration-view.js';

export type RotatedIntegration = IntegrationView & { clientSecret: string };

export class RotateIntegrationSecretCommand extends Command<RotatedIntegration> {
  constructor(
    readonly organizationId: string,
    readonly integrationId: string,
  ) {
    super();
  }
}
