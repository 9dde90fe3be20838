import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MembershipRoster, type RosterChange } from '../../domain/membership-roster.js';
import { OrganizationRepository } from '../../domain/organization.repository.js';
import { MembershipCache } from '../membership-cache.js';
import { PutMemberCommand } from './put-member.command.js';

@CommandHandler(PutMemberCommand)
export class PutMemberHandler implements ICommandHandler<PutMemberCommand> {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly memberships: MembershipCache,
  ) {}

  async execute(command: PutMemberCommand): Promise<RosterChange> {
    const role = MembershipRoster.parseRole(command.role);
    const change = await this.organizations.changeRoster(
      command.organizationId,
      (roster) => roster.changeRole(command.partnerId, role),
      command.condition,
    );
    await this.memberships.forgetOrganization(command.organizationId);
    return change;
  }
}
