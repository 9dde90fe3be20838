import { Command } from '@nestjs/cqrs';
import type { VersionCondition } from '../../../shared/domain/version-condition.js';
import type { VersionedInstanceView } from '../../domain/instance-read-model.js';

/** Gives the instance to `targetOrganizationId`; answers it as its new owner sees it. */
export class TransferInstanceCommand extends Command<VersionedInstanceView> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
    readonly targetOrganizationId: string | null | undefined,
    /** The partner asking: it must be an owner of the receiving organization too (its consent). */
    readonly requestedBy: string,
    /** If-Match: checked against the version in the locked read of the write. */
    readonly condition?: VersionCondition,
  ) {
    super();
  }
}
