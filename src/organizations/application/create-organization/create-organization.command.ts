import { Command } from '@nestjs/cqrs';

export class CreateOrganizationCommand extends Command<{ id: string }> {
  constructor(
    readonly name: string | null | undefined,
    readonly ownerId: string,
  ) {
    super();
  }
}
