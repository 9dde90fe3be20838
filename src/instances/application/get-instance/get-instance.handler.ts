import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InstanceError } from '../../domain/instance.errors.js';
import { InstanceReadModel, type VersionedInstanceView } from '../../domain/instance-read-model.js';
import { GetInstanceQuery } from './get-instance.query.js';

@QueryHandler(GetInstanceQuery)
export class GetInstanceHandler implements IQueryHandler<GetInstanceQuery> {
  constructor(private readonly readModel: InstanceReadModel) {}

  async execute(query: GetInstanceQuery): Promise<VersionedInstanceView> {
    // Scoped by organization in the query itself: another organization's instance is not found.
    const instance = await this.readModel.findOne(query.organizationId, query.instanceId);
    if (!instance) throw InstanceError.notFound();
    return instance;
  }
}
