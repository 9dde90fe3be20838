import { Command } from '@nestjs/cqrs';
import type { VersionCondition } from '../../../shared/domain/version-condition.js';
import type { OrganizationPatch } from '../../domain/organization.js';

/** A merge patch of an organization: for now its name. */
export class RenameOrganizationCommand extends Command<void> {
  constructor(
    readonly organizationId: string,
    readonly patch: OrganizationPatch,
    /** If-Match: checked against the version in the locked read of the write. */
    readonly condition?: VersionCondition,
  ) {
    super();
  }
}
