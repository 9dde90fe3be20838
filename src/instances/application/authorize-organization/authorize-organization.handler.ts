import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OutboxRelay } from '../../../shared/outbox/outbox-relay.js';
import { InstanceRepository } from '../../domain/instance.repository.js';
import { AuthorizeOrganizationCommand } from './authorize-organization.command.js';

/** Idempotent: when nothing changes, nothing is written and no event is recorded. */
@CommandHandler(AuthorizeOrganizationCommand)
export class AuthorizeOrganizationHandler implements ICommandHandler<AuthorizeOrganizationCommand> {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: AuthorizeOrganizationCommand): Promise<void> {
    await this.instances.change(
      command.organizationId,
      command.instanceId,
      (instance) => instance.authorize(command.authorizedOrganizationId.toLowerCase()),
      command.condition,
    );
    this.outbox.nudge();
  }
}
