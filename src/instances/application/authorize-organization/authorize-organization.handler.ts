import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationMembershipReader } from '../../../shared/auth/organization-role.js';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { AuthorizeOrganizationCommand } from './authorize-organization.command.js';
import { ownsOrganization } from '../consent.js';

/** Idempotent: when nothing changes, nothing is written and no event is recorded. */
@CommandHandler(AuthorizeOrganizationCommand)
export class AuthorizeOrganizationHandler implements ICommandHandler<AuthorizeOrganizationCommand> {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly memberships: OrganizationMembershipReader,
  ) {}

  async execute(command: AuthorizeOrganizationCommand): Promise<void> {
    const target = command.authorizedOrganizationId;
    const consented = await ownsOrganization(this.memberships, target, command.requestedBy);
    await this.instances.change(
      command.organizationId,
      command.instanceId,
      (instance) => instance.authorize(target, consented),
      command.condition,
    );
  }
}
