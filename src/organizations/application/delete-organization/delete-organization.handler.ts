import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationRepository } from '../../domain/organization.repository.js';
import { MembershipCache } from '../membership-cache.js';
import { DeleteOrganizationCommand } from './delete-organization.command.js';

@CommandHandler(DeleteOrganizationCommand)
export class DeleteOrganizationHandler implements ICommandHandler<DeleteOrganizationCommand> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly memberships: MembershipCache,
  ) {}

  async execute(command: DeleteOrganizationCommand): Promise<void> {
    await this.organizations.delete(command.organizationId, command.condition);
    await this.memberships.forgetOrganization(command.organizationId);
  }
}
