import { Query } from '@nestjs/cqrs';
import type { InstanceListCriteria, InstanceView } from '../../domain/instance-read-model.js';

export class ListInstancesQuery extends Query<{ totalItems: number; items: InstanceView[] }> {
  constructor(readonly criteria: InstanceListCriteria) {
    super();
  }
}
