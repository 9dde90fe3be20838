import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { InstanceCreated, InstanceDeleted, InstanceRenamed, InstanceTransferred } from '../../../instances/index.js';
import { type InstanceActivity, InstanceActivityLog } from '../../domain/instance-stats.js';

type RecordedEvent = InstanceCreated | InstanceRenamed | InstanceTransferred | InstanceDeleted;

/**
 * Reacts to instance events from the outbox relay; safe to receive the same event twice. A failure
 * is thrown to the relay, which delivers the event again later. Changes of authorizations are not
 * activity this module counts, so it does not subscribe to them.
 */
@EventsHandler(InstanceCreated, InstanceRenamed, InstanceTransferred, InstanceDeleted)
export class RecordInstanceActivityHandler implements IEventHandler<RecordedEvent> {
  constructor(private readonly log: InstanceActivityLog) {}

  async handle(event: RecordedEvent): Promise<void> {
    await this.log.record(...activityOf(event));
  }
}

function activityOf(event: RecordedEvent): InstanceActivity[] {
  const entry = (kind: InstanceActivity['kind'], organizationId = event.organizationId): InstanceActivity => ({
    eventId: event.eventId,
    organizationId,
    instanceId: event.instanceId,
    kind,
    handle: event.handle,
    occurredAt: event.occurredAt,
  });
  if (event instanceof InstanceCreated) return [entry('created')];
  if (event instanceof InstanceRenamed) return [entry('renamed')];
  if (event instanceof InstanceDeleted) return [entry('deleted')];
  return [entry('transferred_out', event.fromOrganizationId), entry('transferred_in', event.toOrganizationId)];
}
