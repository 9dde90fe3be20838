import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statement } from '../database/sql.js';
import type { DomainEvent } from '../domain/domain-event.js';
import { DomainEventRegistry } from './domain-event-registry.js';

const COLUMNS = 'id, type, version, aggregate_id, organization_id, payload, occurred_at';
const INSERT = `INSERT INTO outbox_events (${COLUMNS})`;
const COLUMN_TYPES = ['uuid', 'text', 'int', 'uuid', 'uuid', 'jsonb', 'timestamptz'];

/** An event, and the id of the row whose insert records it. */
export interface EventOfRow {
  rowId: string;
  event: DomainEvent;
}

/**
 * Writes domain events to the outbox, in the statement or the transaction of their change, so that
 * they commit or roll back with it. Only the unit of work uses it (it wakes delivery afterwards):
 * OutboxModule does not export it.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly registry: DomainEventRegistry) {}

  async record(manager: EntityManager, ...events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { text, values } = this.insertOf(events);
    await manager.query(text, values);
  }

  /**
   * `insert` (rows of new aggregates, `RETURNING id` of each row it wrote, its conflict clause
   * skipping others) and the insert of the events of the rows it wrote, as a single statement that
   * returns their ids. Events go with the row they were recorded for (`rowId`), whatever their own
   * `aggregateId` says.
   */
  withEventsOfWritten(insert: Statement, events: readonly EventOfRow[]): Statement {
    const first = insert.values.length + 1;
    const parameters = ['uuid', ...COLUMN_TYPES].map((type, index) => `$${first + index}::${type}[]`);
    const rows = events.map(({ rowId, event }) => [rowId, ...this.rowOf(event)]);
    return {
      prepared: insert.prepared,
      text: `WITH change AS (${insert.text}),
             events AS (${INSERT} SELECT ${COLUMNS} FROM unnest(${parameters.join(', ')}) AS e(row_id, ${COLUMNS})
                         WHERE e.row_id IN (SELECT id FROM change))
             SELECT id FROM change`,
      values: [...insert.values, ...parameters.map((_, column) => rows.map((row) => row[column]))],
      wakesDelivery: true,
    };
  }

  /**
   * The insert of `events` in a transaction. One event (a rename, a transfer) is one row of scalar
   * parameters; more are one array per column for `unnest`, one parameter each
   * however many events. Scalars spare both sides the array literal (the JSON payload escaped into
   * it, then parsed out again).
   */
  private insertOf(events: DomainEvent[]): { text: string; values: unknown[] } {
    const rows = events.map((event) => this.rowOf(event));
    const parameters = COLUMN_TYPES.map((type, index) => `$${index + 1}::${type}`);
    if (rows.length === 1) return { text: `${INSERT} VALUES (${parameters.join(', ')})`, values: rows[0] };
    return {
      text: `${INSERT} SELECT * FROM unnest(${parameters.map((parameter) => `${parameter}[]`).join(', ')})`,
      values: COLUMN_TYPES.map((_, column) => rows.map((row) => row[column])),
    };
  }

  private rowOf(event: DomainEvent): unknown[] {
    const eventClass = this.registry.typeOf(event);
    return [
      event.eventId,
      eventClass.eventType,
      eventClass.eventVersion,
      event.aggregateId,
      event.organizationId,
      JSON.stringify(event.toPayload()),
      event.occurredAt,
    ];
  }
}
