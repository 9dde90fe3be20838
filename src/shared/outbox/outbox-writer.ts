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
    await manager.query(`${INSERT} SELECT * FROM unnest(${columnsFrom(1)})`, this.columnsOf(events));
  }

  /**
   * `change` (one INSERT, UPDATE or DELETE) and the insert of `events` as a single statement: atomic
   * without an explicit transaction, and one round trip instead of four (BEGIN, change, insert, COMMIT).
   */
  withEvents(change: Statement, events: DomainEvent[]): Statement {
    return {
      // A prepared change keeps its shape (same text, same number of events): prepared here too.
      prepared: change.prepared,
      text: `WITH change AS (${change.text}) ${INSERT} SELECT * FROM unnest(${columnsFrom(change.values.length + 1)})`,
      values: [...change.values, ...this.columnsOf(events)],
      wakesDelivery: true,
    };
  }

  /** One array per column, for `unnest`: one parameter each, however many events. */
  private columnsOf(events: DomainEvent[]): unknown[] {
    const rows = events.map((event) => {
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
    });
    return COLUMN_TYPES.map((_, column) => rows.map((row) => row[column]));
  }
}

function columnsFrom(first: number): string {
  return COLUMN_TYPES.map((type, index) => `$${first + index}::${type}[]`).join(', ');
}
