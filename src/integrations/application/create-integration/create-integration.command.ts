import { Command } from '@nestjs/cqrs';
import type { IntegrationView } from '../integration-view.js';

export type CreatedIntegration = IntegrationView & { clientSecret: string };

export class CreateIntegrationCommand extends Command<CreatedIntegration> {
  constructor(
    readonly organizationId: string,
    readonly name: string | null | undefined,
    readonly scopes: unknown,
  ) {
    super();
  }
}
