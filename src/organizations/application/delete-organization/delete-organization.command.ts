import { Command } from '@nestjs/cqrs';
import type { VersionCondition } from '../../../shared/domain/version-condition.js';

export class DeleteOrganizationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    /** If-Match: checked against the version in the locked read of the write. */
    readonly condition?: VersionCondition,
  ) {
    super();
  }
}
