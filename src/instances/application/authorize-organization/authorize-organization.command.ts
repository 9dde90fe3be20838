import { Command } from '@nestjs/cqrs';

export class AuthorizeOrganizationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
    readonly authorizedOrganizationId: string,
  ) {
    super();
  }
}
