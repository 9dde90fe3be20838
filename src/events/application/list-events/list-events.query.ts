import { Query } from '@nestjs/cqrs';
import type { LoggedEvent } from '../../../shared/outbox/event-subscriber.js';

/** A page of the organization's events feed; `types` are wire names (empty: every type). */
export class ListEventsQuery extends Query<LoggedEvent[]> {
  constructor(
    readonly organizationId: string,
    readonly after: string | undefined,
    readonly types: readonly string[],
    readonly limit: number,
  ) {
    super();
  }
}
