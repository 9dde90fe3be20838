import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationRepository } from '../../domain/organization.repository.js';
import { RenameOrganizationCommand } from './rename-organization.command.js';

@CommandHandler(RenameOrganizationCommand)
export class RenameOrganizationHandler implements ICommandHandler<RenameOrganizationCommand> {
  constructor(private readonly organizations: OrganizationRepository) {}

  async execute(command: RenameOrganizationCommand): Promise<void> {
    await this.organizations.change(
      command.organizationId,
      // A patch without a name changes nothing, but its If-Match is still checked.
      (organization) => {
        if (command.name !== undefined) organization.rename(command.name);
      },
      command.condition,
    );
  }
}
