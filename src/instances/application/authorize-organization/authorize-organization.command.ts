import { Command } from '@nestjs/cqrs';

export class AuthorizeOrganizationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
    readonly authorizedOrganizationId: string,
    /** The partner asking: it must be an owner of the receiving organization too (its consent). */
    readonly requestedBy: string,
  ) {
    super();
  }
}
