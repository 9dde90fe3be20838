import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationRepository } from '../../domain/organization.repository.js';
import { MembershipCache } from '../membership-cache.js';
import { RemoveMemberCommand } from './remove-member.command.js';

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly memberships: MembershipCache,
  ) {}

  async execute(command: RemoveMemberCommand): Promise<void> {
    await this.organizations.changeRoster(
      command.organizationId,
      (roster) => roster.remove(command.partnerId, command.requestedBy),
      command.condition,
    );
    await this.memberships.forgetOrganization(command.organizationId);
  }
}
