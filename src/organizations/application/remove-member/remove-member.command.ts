import { Command } from '@nestjs/cqrs';
import type { VersionCondition } from '../../../shared/domain/version-condition.js';

export class RemoveMemberCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly partnerId: string,
    /** Owners remove anyone; a member only itself. Null: the organization's integration, as an owner. */
    readonly requestedBy: string | null,
    /** If-Match: checked against the version in the locked read of the write. */
    readonly condition?: VersionCondition,
  ) {
    super();
  }
}
