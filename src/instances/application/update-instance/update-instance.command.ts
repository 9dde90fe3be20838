import { Command } from '@nestjs/cqrs';
import type { VersionCondition } from '../../../shared/domain/version-condition.js';
import type { InstancePatch } from '../../domain/instance.js';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';

/** A merge patch of an instance: for now its name; a handle in it is refused. */
export class UpdateInstanceCommand extends Command<VersionedInstanceView> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
    readonly patch: InstancePatch,
    /** If-Match: checked against the version in the locked read of the write. */
    readonly condition?: VersionCondition,
  ) {
    super();
  }
}
