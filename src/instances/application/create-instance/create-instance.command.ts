import { Command } from '@nestjs/cqrs';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';

export class CreateInstanceCommand extends Command<VersionedInstanceView> {
  constructor(
    readonly organizationId: string,
    readonly name: string | null | undefined,
    readonly handle: string | null | undefined,
  ) {
    super();
  }
}
