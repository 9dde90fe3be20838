import { Query } from '@nestjs/cqrs';
import type { LoggedEvent } from '../../../shared/outbox/event-subscriber.js';

export class GetEventQuery extends Query<LoggedEvent> {
  constructor(
    readonly organizationId: string,
    readonly eventId: string,
  ) {
    super();
  }
}
