import { Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationMembershipReader } from '../shared/auth/organization-role.js';
import { OrganizationRoleGuard } from '../shared/auth/organization-role.guard.js';
import { JsonLdContextRegistry } from '../shared/http/json-ld-context.registry.js';
import { OpenApiTagRegistry } from '../shared/http/openapi-tags.js';
import { CreateOrganizationHandler } from './application/create-organization/create-organization.handler.js';
import { DeleteOrganizationHandler } from './application/delete-organization/delete-organization.handler.js';
import { GetOrganizationHandler } from './application/get-organization/get-organization.handler.js';
import { ListOrganizationsHandler } from './application/list-organizations/list-organizations.handler.js';
import { MembershipCache } from './application/membership-cache.js';
import { PutMemberHandler } from './application/put-member/put-member.handler.js';
import { RemoveMemberHandler } from './application/remove-member/remove-member.handler.js';
import { RenameOrganizationHandler } from './application/rename-organization/rename-organization.handler.js';
import { OrganizationReadModel, OrganizationRepository } from './domain/organization.repository.js';
import { OrganizationsController } from './http/organizations.controller.js';
import { InvitationsController, MyInvitationsController } from './http/invitations.controller.js';
import { INVITATION_PROPERTIES, InvitationResponse } from './http/invitation.http.js';
import {
  CreateInvitationHandler,
  ListInvitationsHandler,
  ListMyInvitationsHandler,
  RespondToInvitationHandler,
  RevokeInvitationHandler,
} from './application/invitations/invitation.handlers.js';
import { InvitationRepository } from './domain/invitation.repository.js';
import { TypeOrmInvitationRepository } from './infrastructure/typeorm-invitation.repository.js';
import { ORGANIZATION_PROPERTIES, OrganizationResponse } from './http/organization.responses.js';
import { CachedMembershipReader } from './infrastructure/cached-membership-reader.js';
import { MembershipEntity } from './infrastructure/membership.entity.js';
import { OrganizationDependents } from './infrastructure/organization-dependents.js';
import { OrganizationEntity } from './infrastructure/organization.entity.js';
import { TypeOrmOrganizationReadModel } from './infrastructure/typeorm-organization.read-model.js';
import { TypeOrmOrganizationRepository } from './infrastructure/typeorm-organization.repository.js';
import { ORGANIZATION_ERROR_STATUSES } from './http/organization-error.statuses.js';

/**
 * Organizations and memberships. Provides the membership port and the global role guard, which
 * every route with an `:organizationId` passes (declared with @RequireOrganizationRole, or
 * membership by default).
 */
@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, MembershipEntity])],
  controllers: [OrganizationsController, InvitationsController, MyInvitationsController],
  providers: [
    ORGANIZATION_ERROR_STATUSES,
    { provide: OrganizationRepository, useClass: TypeOrmOrganizationRepository },
    { provide: OrganizationReadModel, useClass: TypeOrmOrganizationReadModel },
    { provide: OrganizationMembershipReader, useClass: CachedMembershipReader },
    // Global, after the IdentityModule's authentication guard (AppModule imports that module first).
    { provide: APP_GUARD, useClass: OrganizationRoleGuard },
    { provide: InvitationRepository, useClass: TypeOrmInvitationRepository },
    CreateInvitationHandler,
    ListInvitationsHandler,
    RevokeInvitationHandler,
    ListMyInvitationsHandler,
    RespondToInvitationHandler,
    MembershipCache,
    OrganizationDependents,
    CreateOrganizationHandler,
    RenameOrganizationHandler,
    DeleteOrganizationHandler,
    PutMemberHandler,
    RemoveMemberHandler,
    GetOrganizationHandler,
    ListOrganizationsHandler,
  ],
  exports: [OrganizationMembershipReader, OrganizationDependents],
})
export class OrganizationsModule implements OnModuleInit {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    tags: OpenApiTagRegistry,
  ) {
    tags.register({
      name: 'Organizations',
      description: 'Organizations and their members; the partner who creates one becomes its owner.',
      order: 20,
    });
  }

  onModuleInit(): void {
    this.contexts.register('Organization', ORGANIZATION_PROPERTIES, OrganizationResponse);
    this.contexts.register('Invitation', INVITATION_PROPERTIES, InvitationResponse);
  }
}
