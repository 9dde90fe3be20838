import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InstanceReadModel, type InstanceView } from '../../domain/instance-read-model.js';
import { ListInstancesQuery } from './list-instances.query.js';

@QueryHandler(ListInstancesQuery)
export class ListInstancesHandler implements IQueryHandler<ListInstancesQuery> {
  constructor(private readonly readModel: InstanceReadModel) {}

  execute(query: ListInstancesQuery): Promise<{ totalItems: number; items: InstanceView[] }> {
    return this.readModel.list(query.criteria);
  }
}
