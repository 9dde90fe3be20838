import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { DeleteInstanceCommand } from './delete-instance.command.js';

@CommandHandler(DeleteInstanceCommand)
export class DeleteInstanceHandler implements ICommandHandler<DeleteInstanceCommand> {
  constructor(private readonly instances: InstanceRepository) {}

  async execute(command: DeleteInstanceCommand): Promise<void> {
    await this.instances.change(
      command.organizationId,
      command.instanceId,
      (instance) => instance.delete(),
      command.condition,
    );
  }
}
