import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per InstanceCreated event; the event id as key makes redelivery harmless. */
@Entity({ name: 'instance_creation_log' })
@Index('instance_creation_log_organization_idx', ['organizationId', 'createdAt'])
export class InstanceCreationEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('uuid', { name: 'instance_id' })
  instanceId!: string;

  @Column('text')
  handle!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
