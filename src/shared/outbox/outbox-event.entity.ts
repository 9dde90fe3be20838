import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A domain event recorded in the transaction that caused it: the append-only log every subscriber
 * reads in order, and the organization's events feed. The order columns (`tx_id`, `position`) and
 * their indexes are left to that migration (migrations/1796260000000-EventDelivery.ts): the
 * database fills them, and TypeORM has no `xid8` type. So the schema diff leaves this table to the
 * migrations (`synchronize: false`), rather than proposing to drop what it cannot describe.
 */
@Entity({ name: 'outbox_events', synchronize: false })
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
}
