import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import type { DomainEventClass } from '../../shared/domain/domain-event.js';
import type { PublicEventType } from '../../shared/outbox/public-event-catalog.js';
import { InstanceCreated } from '../domain/instance-created.event.js';
import {
  InstanceDeleted,
  InstanceOrganizationAuthorized,
  InstanceOrganizationUnauthorized,
  InstanceRenamed,
  InstanceTransferred,
} from '../domain/instance-lifecycle.events.js';
import type { InstanceEvent } from '../domain/instance-event.js';
import { instanceBody, InstanceResource } from './instance.resource.js';

/** `data` of an instance event: the instance as GET showed it right after the change, plus what changed. */
class InstanceEventData extends OmitType(InstanceResource, ['@context'] as const) {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The attributes the change replaced, with their values before it (`name` for a rename; `organization_id` and `authorized_organization_ids` for a transfer; `authorized_organization_ids` when authorizations change). Absent when nothing was replaced.',
    example: { name: 'Production EU (old)' },
  })
  previous_attributes?: Record<string, unknown>;
}

function render(event: InstanceEvent): Record<string, unknown> {
  const data = instanceBody(event.snapshot, { withContext: false });
  if (event.previousAttributes) data.previous_attributes = event.previousAttributes;
  return data;
}

type InstanceEventClass = DomainEventClass<InstanceEvent> & { publicType: string };

const publicType = (eventClass: InstanceEventClass, summary: string): PublicEventType<InstanceEvent> => ({
  eventClass,
  publicType: eventClass.publicType,
  render,
  dataSchema: InstanceEventData,
  summary,
});

/** The instance events other services and partners receive (events feed, webhooks, NATS). */
export const INSTANCE_PUBLIC_EVENTS = [
  publicType(InstanceCreated, 'An instance was created.'),
  publicType(InstanceRenamed, 'An instance got a new name.'),
  publicType(InstanceOrganizationAuthorized, 'An organization was authorized for an instance.'),
  publicType(InstanceOrganizationUnauthorized, "An organization's authorization for an instance was withdrawn."),
  publicType(InstanceTransferred, 'An instance was transferred to another organization.'),
  publicType(InstanceDeleted, 'An instance was deleted.'),
];
