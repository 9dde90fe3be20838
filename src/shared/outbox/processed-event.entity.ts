import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event a subscriber has handled through the Inbox: the key makes a redelivery a no-op. */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'processed_events_pkey' })
  subscriber!: string;

  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'processed_events_pkey' })
  eventId!: string;

  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' })
  processedAt!: Date;
}
