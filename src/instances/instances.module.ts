import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/index.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { OpenApiTagRegistry } from '../shared/http/openapi-tags.js';
import { DomainEventRegistry } from '../shared/outbox/domain-event-registry.js';
import { PublicEventCatalog } from '../shared/outbox/public-event-catalog.js';
import { AuthorizeOrganizationHandler } from './application/authorize-organization/authorize-organization.handler.js';
import { CreateInstanceHandler } from './application/create-instance/create-instance.handler.js';
import { DeleteInstanceHandler } from './application/delete-instance/delete-instance.handler.js';
import { GetInstanceHandler } from './application/get-instance/get-instance.handler.js';
import { ListInstancesHandler } from './application/list-instances/list-instances.handler.js';
import { TransferInstanceHandler } from './application/transfer-instance/transfer-instance.handler.js';
import { UnauthorizeOrganizationHandler } from './application/unauthorize-organization/unauthorize-organization.handler.js';
import { UpdateInstanceHandler } from './application/update-instance/update-instance.handler.js';
import { InstanceCreated } from './domain/instance-created.event.js';
import {
  InstanceDeleted,
  InstanceOrganizationAuthorized,
  InstanceOrganizationUnauthorized,
  InstanceRenamed,
  InstanceTransferred,
} from './domain/instance-lifecycle.events.js';
import { InstanceReadModel } from './domain/instance-read-model.js';
import { InstanceRepository } from './domain/instance.repository.js';
import { INSTANCE_PUBLIC_EVENTS } from './http/instance-event.data.js';
import { INSTANCE_PROPERTIES, INSTANCE_TYPE, InstanceResource } from './http/instance.resource.js';
import { InstanceOwnershipController } from './http/instance-ownership.controller.js';
import { InstancesController } from './http/instances.controller.js';
import { InstanceAuthorizedOrganizationEntity } from './infrastructure/instance-authorized-organization.entity.js';
import { InstanceEntity } from './infrastructure/instance.entity.js';
import { InstancesOfOrganization } from './infrastructure/organization-authorizations.js';
import { TypeOrmInstanceReadModel } from './infrastructure/typeorm-instance.read-model.js';
import { TypeOrmInstanceRepository } from './infrastructure/typeorm-instance.repository.js';
import { INSTANCE_ERROR_STATUSES } from './http/instance-error.statuses.js';

/**
 * Instances: create, get, list, rename, authorize organizations, transfer and delete, through the
 * CQRS buses. Other modules react to its events
 * (see ./index.ts) without importing anything else from here.
 */
@Module({
  imports: [TypeOrmModule.forFeature([InstanceEntity, InstanceAuthorizedOrganizationEntity]), OrganizationsModule],
  controllers: [InstancesController, InstanceOwnershipController],
  providers: [
    INSTANCE_ERROR_STATUSES,
    { provide: InstanceRepository, useClass: TypeOrmInstanceRepository },
    { provide: InstanceReadModel, useClass: TypeOrmInstanceReadModel },
    CreateInstanceHandler,
    GetInstanceHandler,
    ListInstancesHandler,
    UpdateInstanceHandler,
    AuthorizeOrganizationHandler,
    UnauthorizeOrganizationHandler,
    TransferInstanceHandler,
    DeleteInstanceHandler,
    InstancesOfOrganization,
  ],
})
export class InstancesModule implements OnModuleInit {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    tags: OpenApiTagRegistry,
    private readonly events: DomainEventRegistry,
    publicEvents: PublicEventCatalog,
  ) {
    tags.register({
      name: 'Instances',
      description: 'Create, get and list the instances of an organization.',
      order: 10,
    });
    // At construction, not in onModuleInit: the OpenAPI document (its `webhooks`) is built before init.
    publicEvents.register(...INSTANCE_PUBLIC_EVENTS);
  }

  onModuleInit(): void {
    this.contexts.register(INSTANCE_TYPE, INSTANCE_PROPERTIES, InstanceResource);
    this.events.register(
      InstanceCreated,
      InstanceRenamed,
      InstanceOrganizationAuthorized,
      InstanceOrganizationUnauthorized,
      InstanceTransferred,
      InstanceDeleted,
    );
  }
}
