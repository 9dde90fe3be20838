import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statement } from '../database/sql.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { DomainEvent } from '../domain/domain-event.js';
import { DomainEventRegistry } from './domain-event-registry.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

/** Records domain events in the caller's transaction, so they commit or roll back with the change. */
@Injectable()
export class OutboxWriter {
  constructor(
    private readonly registry: DomainEventRegistry,
    private readonly transactions: TransactionRunner,
  ) {}

  async record(manager: EntityManager, ...events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.getRepository(OutboxEventEntity).insert(events.map((event) => this.rowOf(event)));
  }

  /**
   * Runs `change` (one INSERT, UPDATE or DELETE) and records `events` in a single statement: atomic
   * without an explicit transaction, and one round trip instead of four (BEGIN, change, insert, COMMIT).
   */
  async recordWith(change: Statement, ...events: DomainEvent[]): Promise<void> {
    const first = change.values.length + 1;
    const columns = ['uuid', 'text', 'int', 'uuid', 'uuid', 'jsonb', 'timestamptz'].map(
      (type, index) => `$${first + index}::${type}[]`,
    );
    const rows = events.map((event) => this.rowOf(event));
    await this.transactions.statement({
      // A prepared change keeps its shape (same text, same number of events): prepared here too.
      prepared: change.prepared,
      text: `WITH change AS (${change.text})
        INSERT INTO outbox_events (id, type, version, aggregate_id, organization_id, payload, occurred_at)
        SELECT * FROM unnest(${columns.join(', ')})`,
      values: [
        ...change.values,
        rows.map((row) => row.id),
        rows.map((row) => row.type),
        rows.map((row) => row.version),
        rows.map((row) => row.aggregateId),
        rows.map((row) => row.organizationId),
        rows.map((row) => JSON.stringify(row.payload)),
        rows.map((row) => row.occurredAt),
      ],
    });
  }

  private rowOf(event: DomainEvent): OutboxEventEntity {
    const eventClass = this.registry.typeOf(event);
    return {
      id: event.eventId,
      type: eventClass.eventType,
      version: eventClass.eventVersion,
      aggregateId: event.aggregateId,
      organizationId: event.organizationId,
      payload: event.toPayload(),
      occurredAt: event.occurredAt,
    };
  }
}
