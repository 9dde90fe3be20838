import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ViolationList } from '../../../shared/domain/violation.js';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';
import { handleAlreadyUsed } from '../../domain/instance-rules.js';
import { Instance } from '../../domain/instance.js';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { ownerView } from '../instance-view.js';
import { CreateInstanceCommand } from './create-instance.command.js';

@CommandHandler(CreateInstanceCommand)
export class CreateInstanceHandler implements ICommandHandler<CreateInstanceCommand> {
  constructor(private readonly instances: InstanceRepository) {}

  async execute(command: CreateInstanceCommand): Promise<VersionedInstanceView> {
    const violations = new ViolationList();
    const instance = Instance.create(
      { organizationId: command.organizationId, name: command.name, handle: command.handle },
      violations,
    );
    if (!instance) {
      // Report a taken handle along with the other violations. On the valid path the unique index
      // decides, in the insert itself: no extra round trip, and no window for a race.
      if (!violations.has('handle') && (await this.instances.isHandleTaken(command.handle as string))) {
        handleAlreadyUsed(violations);
      }
      throw violations.toError();
    }
    await this.instances.add(instance);
    return ownerView(instance);
  }
}
