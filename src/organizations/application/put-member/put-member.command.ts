import { Command } from '@nestjs/cqrs';
import type { VersionCondition } from '../../../shared/domain/version-condition.js';
import type { RosterChange } from '../../domain/membership-roster.js';

export class PutMemberCommand extends Command<RosterChange> {
  constructor(
    readonly organizationId: string,
    readonly partnerId: string,
    readonly role: string | null | undefined,
    /** If-Match: checked against the version in the locked read of the write. */
    readonly condition?: VersionCondition,
  ) {
    super();
  }
}
