import { Command } from '@nestjs/cqrs';
import type { RosterChange } from '../../domain/membership-roster.js';

export class PutMemberCommand extends Command<RosterChange> {
  constructor(
    readonly organizationId: string,
    readonly partnerId: string,
    readonly role: string | null | undefined,
  ) {
    super();
  }
}
