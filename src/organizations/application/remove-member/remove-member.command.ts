import { Command } from '@nestjs/cqrs';

export class RemoveMemberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly partnerId: string,
  ) {
    super();
  }
}
