import { Command } from '@nestjs/cqrs';

export class RemoveMemberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly partnerId: string,
    /** Owners remove anyone; a member only itself. Null: the organization's integration, as an owner. */
    readonly requestedBy: string | null,
  ) {
    super();
  }
}
