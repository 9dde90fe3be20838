import { Command } from '@nestjs/cqrs';

export class DeleteOrganizationCommand extends Command<void> {
  constructor(readonly organizationId: string) {
    super();
  }
}
