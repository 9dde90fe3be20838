import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { DeleteInstanceCommand } from './delete-instance.command.js';

@CommandHandler(DeleteInstanceCommand)
export class DeleteInstanceHandler implements ICommandHandler<DeleteInstanceCommand> {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: DeleteInstanceCommand): Promise<void> {
    await this.instances.change(
      command.organizationId,
      command.instanceId,
      (instance) => instance.delete(),
      command.condition,
    );
    this.outbox.nudge();
  }
}
