import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ActivityKind } from '../domain/instance-stats.js';

/**
 * One row per instance event and organization concerned. The key (event id, organization) makes
 * redelivery harmless, and lets a transfer count for both organizations.
 */
@Entity({ name: 'instance_activity' })
@Check('instance_activity_kind_check', `kind IN ('created', 'renamed', 'transferred_in', 'transferred_out', 'deleted')`)
@Index('instance_activity_organization_idx', ['organizationId', 'kind', 'occurredAt'])
export class InstanceActivityEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @PrimaryColumn('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('uuid', { name: 'instance_id' })
  instanceId!: string;

  @Column('text')
  kind!: ActivityKind;

  @Column('text')
  handle!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;
}
