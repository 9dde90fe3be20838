import { Query } from '@nestjs/cqrs';
import type { InstanceView } from '../../domain/instance-read-model.js';

export class GetInstanceQuery extends Query<InstanceView> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
  ) {
    super();
  }
}
