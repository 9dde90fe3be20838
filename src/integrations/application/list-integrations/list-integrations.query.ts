import { Query } from '@nestjs/cqrs';
import type { IntegrationView } from '../integration-view.js';

export class ListIntegrationsQuery extends Query<{ items: IntegrationView[]; totalItems: number }> {
  constructor(
    readonly organizationId: string,
    readonly offset: number,
    readonly limit: number,
  ) {
    super();
  }
}
