import { Query } from '@nestjs/cqrs';
import type { IntegrationView } from '../integration-view.js';

export class GetIntegrationQuery extends Query<IntegrationView> {
  constructor(
    readonly organizationId: string,
    readonly integrationId: string,
  ) {
    super();
  }
}
