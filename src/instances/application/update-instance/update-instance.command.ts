import { Command } from '@nestjs/cqrs';
import type { InstancePatch } from '../../domain/instance.js';
import type { InstanceView } from '../../domain/instance-read-model.js';

/** A merge patch of an instance: for now its name; a handle in it is refused. */
export class UpdateInstanceCommand extends Command<InstanceView> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
    readonly patch: InstancePatch,
  ) {
    super();
  }
}
