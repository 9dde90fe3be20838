import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { UnauthorizeOrganizationCommand } from './unauthorize-organization.command.js';

/** Idempotent: when nothing changes, nothing is written and no event is recorded. */
@CommandHandler(UnauthorizeOrganizationCommand)
export class UnauthorizeOrganizationHandler implements ICommandHandler<UnauthorizeOrganizationCommand> {
  constructor(private readonly instances: InstanceRepository) {}

  async execute(command: UnauthorizeOrganizationCommand): Promise<void> {
    await this.instances.change(
      command.organizationId,
      command.instanceId,
      (instance) => instance.unauthorize(command.authorizedOrganizationId),
      command.condition,
    );
  }
}
