import { Command } from '@nestjs/cqrs';

export class DeleteInstanceCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
  ) {
    super();
  }
}
