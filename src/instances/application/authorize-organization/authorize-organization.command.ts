import { Command } from '@nestjs/cqrs';
import type { VersionCondition } from '../../../shared/domain/version-condition.js';

export class AuthorizeOrganizationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly instanceId: string,
    readonly authorizedOrganizationId: string,
    /** The partner asking: it must be an owner of the receiving organization too (its consent). */
    readonly requestedBy: string,
    /** If-Match: checked against the version in the locked read of the write. */
    readonly condition?: VersionCondition,
  ) {
    super();
  }
}
