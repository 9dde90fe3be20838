import { Logger } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { InstanceCreated } from '../../../instances/index.js';
import { InstanceCreationLog } from '../../domain/instance-stats.js';

/** Reacts to InstanceCreated from the outbox relay; safe to receive the same event twice. */
@EventsHandler(InstanceCreated)
export class RecordInstanceCreationHandler implements IEventHandler<InstanceCreated> {
  private readonly logger = new Logger(RecordInstanceCreationHandler.name);

  constructor(private readonly log: InstanceCreationLog) {}

  async handle(event: InstanceCreated): Promise<void> {
    try {
      await this.log.record({
        eventId: event.eventId,
        organizationId: event.organizationId,
        instanceId: event.instanceId,
        handle: event.handle,
        createdAt: event.occurredAt,
      });
    } catch (error) {
      this.logger.error(`Could not record ${event.eventId}: ${(error as Error).message}`);
    }
  }
}
