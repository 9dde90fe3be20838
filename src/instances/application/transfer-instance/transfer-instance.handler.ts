import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrganizationMembershipReader } from '../../../shared/auth/organization-role.js';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { ownsOrganization } from '../consent.js';
import { ownerView } from '../instance-view.js';
import { TransferInstanceCommand } from './transfer-instance.command.js';

@CommandHandler(TransferInstanceCommand)
export class TransferInstanceHandler implements ICommandHandler<TransferInstanceCommand> {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly memberships: OrganizationMembershipReader,
  ) {}

  async execute(command: TransferInstanceCommand): Promise<VersionedInstanceView> {
    const target = command.targetOrganizationId;
    // Consent is checked again at the transfer: the caller may have stopped owning the target since.
    const consented = target ? await ownsOrganization(this.memberships, target, command.requestedBy) : false;
    const instance = await this.instances.change(
      command.organizationId,
      command.instanceId,
      (i) => i.transferTo(target, consented),
      command.condition,
    );
    return ownerView(instance);
  }
}
