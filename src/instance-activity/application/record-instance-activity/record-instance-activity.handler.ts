import { InstanceCreated, InstanceDeleted, InstanceRenamed, InstanceTransferred } from '../../../instances/index.js';
import { DomainEventHandler, type HandlesDomainEvents } from '../../../shared/outbox/domain-event-handler.decorator.js';
import { type InstanceActivity, InstanceActivityLog } from '../../domain/instance-stats.js';

type RecordedEvent = InstanceCreated | InstanceRenamed | InstanceTransferred | InstanceDeleted;

/**
 * Reacts to instance events delivered from the outbox, in order per instance; safe to receive the
 * same event twice. A failure is thrown to the relay, which delivers the event again later (to this
 * handler only). Changes of authorizations are not activity this module counts, so it does not
 * subscribe to them.
 */
@DomainEventHandler({
  name: 'instance-activity',
  events: [InstanceCreated, InstanceRenamed, InstanceTransferred, InstanceDeleted],
})
export class RecordInstanceActivityHandler implements HandlesDomainEvents<RecordedEvent> {
  constructor(private readonly log: InstanceActivityLog) {}

  async handle(event: RecordedEvent): Promise<void> {
    await this.log.record(...activityOf(event));
  }

  /** A batch in one INSERT: under sustained creates, one round trip per event cannot keep up. */
  async handleBatch(events: readonly RecordedEvent[]): Promise<void> {
    await this.log.record(...events.flatMap(activityOf));
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
