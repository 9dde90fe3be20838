import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A domain event recorded in the transaction that caused it; kept after publication as a record. */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_pending_idx', ['nextAttemptAt'], { where: 'published_at IS NULL' })
@Index('outbox_events_organization_idx', ['organizationId', 'occurredAt'])
export class OutboxEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('integer')
  version!: number;

  @Column('uuid', { name: 'aggregate_id' })
  aggregateId!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('jsonb')
  payload!: object;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  /** Failed deliveries so far; the relay retries with a backoff. */
  @Column('integer', { default: 0 })
  attempts?: number;

  /** When the relay may next claim the unpublished event. */
  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' })
  nextAttemptAt?: Date;
}
