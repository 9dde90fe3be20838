import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { ownerView } from '../instance-view.js';
import { UpdateInstanceCommand } from './update-instance.command.js';

@CommandHandler(UpdateInstanceCommand)
export class UpdateInstanceHandler implements ICommandHandler<UpdateInstanceCommand> {
  constructor(private readonly instances: InstanceRepository) {}

  async execute(command: UpdateInstanceCommand): Promise<VersionedInstanceView> {
    const instance = await this.instances.change(
      command.organizationId,
      command.instanceId,
      (i) => i.update(command.patch),
      command.condition,
    );
    return ownerView(instance);
  }
}
