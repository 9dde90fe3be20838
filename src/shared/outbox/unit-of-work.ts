import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Sql, type Statement } from '../database/sql.js';
import type { DomainEvent } from '../domain/domain-event.js';
import { CoalescedInserts, type InsertedAggregate } from './coalesced-inserts.js';
import { OutboxRelay } from './outbox-relay.js';
import { type EventOfRow, OutboxWriter } from './outbox-writer.js';
import type { CommitHook, RecordsEvents, Work } from './work.js';

const commitHooks = new AsyncLocalStorage<readonly CommitHook[]>();
/**
 * Requests running with commit hooks. On Node 20 an enabled AsyncLocalStorage hooks every promise
 * of the process (measured: creates and lists 10 to 20% slower after the first idempotent request),
 * so it is enabled only while one of them runs.
 */
let hookedRequests = 0;

/**
 * Every write of a use case goes through here (docs/architecture.md, "Data access"): it runs in one
 * transaction with the events of the aggregates it saved, and delivery is woken once it committed.
 * The outbox is written nowhere else (OutboxModule does not export its writer), so no write can
 * record an event without waking delivery, nor forget its events.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Runs `work` (and what it calls, however asynchronously) with `hook` joining each transaction,
   * just before it commits: an idempotent request records its key's outcome atomically with its work.
   */
  static async withCommitHook<T>(hook: CommitHook, work: () => T): Promise<Awaited<T>> {
    hookedRequests++;
    try {
      return await commitHooks.run([...(commitHooks.getStore() ?? []), hook], work);
    } finally {
      if (--hookedRequests === 0) commitHooks.disable();
    }
  }

  /** Several statements in one transaction; the saved aggregates' events are written last, in it. */
  async run<T>(work: (work: Work) => Promise<T>): Promise<T> {
    let wakesDelivery = false;
    const result = await this.dataSource.transaction(async (manager) => {
      const transaction = new Transaction(manager);
      const result = await work(transaction);
      await this.outbox.record(manager, ...transaction.events);
      for (const hook of commitHooks.getStore() ?? []) await hook(transaction);
      wakesDelivery = transaction.wakesDelivery;
      return result;
    });
    if (wakesDelivery) this.wakeDelivery();
    return result;
  }

  /**
   * One statement, atomic on its own: one round trip on the pool, no transaction, unless commit
   * hooks must join it, then in a transaction with them. New aggregates with their events go
   * through `coalescedInserts`, changes of loaded ones through `run`.
   */
  async statement<T>(statement: Statement): Promise<T[]> {
    if (commitHooks.getStore()) return this.run((work) => work.rows<T>(statement));
    const rows = await this.sql.rows<T>(statement);
    if (statement.wakesDelivery) this.wakeDelivery();
    return rows;
  }

  /**
   * Concurrent inserts of new aggregates of one kind, coalesced into one statement per batch (see
   * CoalescedInserts), each row with its aggregate's events. `build` makes the INSERT of the given
   * aggregates' rows, prepared, ending in `ON CONFLICT (...) DO NOTHING RETURNING id`.
   */
  coalescedInserts<A extends InsertedAggregate>(build: (aggregates: A[]) => Statement): CoalescedInserts<A> {
    return new CoalescedInserts(build, {
      write: (insert, events) => this.insertReturningIds(insert, events),
      hooked: () => commitHooks.getStore() !== undefined,
      outsideRequest: (work) => commitHooks.exit(work),
    });
  }

  private async insertReturningIds(insert: Statement, events: EventOfRow[]): Promise<Set<string>> {
    const rows = await this.statement<{ id: string }>(this.outbox.withEventsOfWritten(insert, events));
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Outside the request's async context: a pump this starts must not carry the request's commit
   * hooks into the writes of the subscribers it delivers to (an idempotency key marked there).
   */
  private wakeDelivery(): void {
    commitHooks.exit(() => this.relay.nudge());
  }
}

class Transaction implements Work {
  readonly events: DomainEvent[] = [];
  private wakes = false;

  constructor(private readonly manager: EntityManager) {}

  get wakesDelivery(): boolean {
    return this.wakes || this.events.length > 0;
  }

  async rows<T>(statement: Statement): Promise<T[]> {
    this.wakes ||= statement.wakesDelivery === true;
    // The structured result: its records are the rows, where TypeORM's plain one is [rows, count] for an UPDATE.
    const result = await this.manager.queryRunner!.query(statement.text, statement.values, true);
    return result.records as T[];
  }

  saved(...aggregates: RecordsEvents[]): void {
    for (const aggregate of aggregates) this.events.push(...aggregate.pullEvents());
  }
}
