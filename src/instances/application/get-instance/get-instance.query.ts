import { Query } from '@nestjs/cqrs';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';

export class GetInstanceQuery extends Query<VersionedInstanceView> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
  ) {
    super();
  }
}
