import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { ownerView } from '../instance-view.js';
import { TransferInstanceCommand } from './transfer-instance.command.js';

@CommandHandler(TransferInstanceCommand)
export class TransferInstanceHandler implements ICommandHandler<TransferInstanceCommand> {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: TransferInstanceCommand): Promise<VersionedInstanceView> {
    const instance = await this.instances.change(
      command.organizationId,
      command.instanceId,
      (i) => i.transferTo(command.targetOrganizationId?.toLowerCase()),
      command.condition,
    );
    this.outbox.nudge();
    return ownerView(instance);
  }
}
