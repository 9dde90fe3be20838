import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statement } from '../database/sql.js';
import type { DomainEvent } from '../domain/domain-event.js';
import { DomainEventRegistry } from './domain-event-registry.js';

const INSERT = 'INSERT INTO outbox_events (id, type, version, aggregate_id, organization_id, payload, occurred_at)';
const COLUMN_TYPES = ['uuid', 'text', 'int', 'uuid', 'uuid', 'jsonb', 'timestamptz'];

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
    const { text, values } = this.insertOf(events, 1);
    await manager.query(text, values);
  }

  /**
   * `change` (one INSERT, UPDATE or DELETE) and the insert of `events` as a single statement: atomic
   * without an explicit transaction, and one round trip instead of four (BEGIN, change, insert, COMMIT).
   */
  withEvents(change: Statement, events: DomainEvent[]): Statement {
    const insert = this.insertOf(events, change.values.length + 1);
    return {
      // A prepared change keeps its shape (same text, same number of events): prepared here too.
      prepared: change.prepared,
      text: `WITH change AS (${change.text}) ${insert.text}`,
      values: [...change.values, ...insert.values],
      wakesDelivery: true,
    };
  }

  /**
   * The insert of `events`, its parameters numbered from `first`. One event (every create) is one
   * row of scalar parameters; more are one array per column for `unnest`, one parameter each
   * however many events. Scalars spare both sides the array literal (the JSON payload escaped into
   * it, then parsed out again).
   */
  private insertOf(events: DomainEvent[], first: number): { text: string; values: unknown[] } {
    const rows = events.map((event) => this.rowOf(event));
    const parameters = COLUMN_TYPES.map((type, index) => `$${first + index}::${type}`);
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
