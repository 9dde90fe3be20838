import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Organization } from '../../domain/organization.js';
import { OrganizationRepository } from '../../domain/organization.repository.js';
import { CreateOrganizationCommand } from './create-organization.command.js';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand> {
  constructor(private readonly organizations: OrganizationRepository) {}

  async execute(command: CreateOrganizationCommand): Promise<{ id: string }> {
    const organization = Organization.create(command.name);
    await this.organizations.create(organization, command.ownerId);
    return { id: organization.id };
  }
}
