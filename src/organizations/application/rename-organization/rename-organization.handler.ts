import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationError } from '../../domain/organization.errors.js';
import { OrganizationRepository } from '../../domain/organization.repository.js';
import { RenameOrganizationCommand } from './rename-organization.command.js';

@CommandHandler(RenameOrganizationCommand)
export class RenameOrganizationHandler implements ICommandHandler<RenameOrganizationCommand> {
  constructor(private readonly organizations: OrganizationRepository) {}

  async execute(command: RenameOrganizationCommand): Promise<void> {
    const organization = await this.organizations.findById(command.organizationId);
    if (!organization) throw OrganizationError.notFound();
    organization.rename(command.name);
    await this.organizations.save(organization);
  }
}
