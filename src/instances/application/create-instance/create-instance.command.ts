import { Command } from '@nestjs/cqrs';
import type { InstanceView } from '../../domain/instance-read-model.js';

export class CreateInstanceCommand extends Command<InstanceView> {
  constructor(
    readonly organizationId: string,
    readonly name: string | null | undefined,
    readonly handle: string | null | undefined,
  ) {
    super();
  }
}
