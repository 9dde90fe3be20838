import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationRepository } from '../../domain/organization.repository.js';
import { RenameOrganizationCommand } from './rename-organization.command.js';

@CommandHandler(RenameOrganizationCommand)
export class RenameOrganizationHandler implements ICommandHandler<RenameOrganizationCommand> {
  constructor(private readonly organizations: OrganizationRepository) {}

  async execute(command: RenameOrganizationCommand): Promise<void> {
    await this.organizations.change(
      command.organizationId,
      (organization) => organization.update(command.patch),
      command.condition,
    );
  }
}
