import DataLoader from 'dataloader';
import { isIntegrityViolation } from '../database/postgres-errors.js';
import type { Statement } from '../database/sql.js';
import type { DomainEvent } from '../domain/domain-event.js';
import type { EventOfRow } from './outbox-writer.js';
import type { RecordsEvents } from './work.js';

/** A new aggregate, stored as one row keyed by its `id`, with the events it recorded. */
export type InsertedAggregate = RecordsEvents & { readonly id: string };

/** What the unit of work gives a coalescer (see `UnitOfWork.coalescedInserts`). */
export interface InsertWriter {
  /** Runs the INSERT with the events of the rows it wrote, one statement; resolves to their ids. */
  write(insert: Statement, events: EventOfRow[]): Promise<Set<string>>;
  /** Whether the caller runs with commit hooks (an idempotent request): its rows go alone. */
  hooked(): boolean;
  /** Runs `work` outside the async context of whichever request started the statement. */
  outsideRequest<T>(work: () => Promise<T>): Promise<T>;
}

/** Statements of one shape running at once; rows arriving meanwhile wait for the next one. */
const MAX_IN_FLIGHT = 2;
const MAX_ROWS = 64;

interface PendingRow<A> {
  aggregate: A;
  events: DomainEvent[];
}

/**
 * Inserts of one shape from concurrent requests, written by one statement. While MAX_IN_FLIGHT of
 * them run, new rows wait and go together in the next (with the database idle, none waits longer
 * than the event loop's turn): PostgreSQL's fixed cost per statement (bind, executor start-up,
 * statement triggers, commit) and the round trip are shared by the rows. Each row is written
 * atomically with its own events. A statement the server refuses for an integrity violation (the
 * foreign key of one row, say) is tried again row by row, so that each request gets its own
 * outcome; any other failure (a timeout, a lost connection) is every row's outcome, as it would be
 * alone.
 */
export class CoalescedInserts<A extends InsertedAggregate> {
  /** Statements running, or dispatched and about to. */
  private slots = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly loader = new DataLoader<PendingRow<A>, boolean>((rows) => this.writeCoalesced(rows), {
    cache: false,
    maxBatchSize: MAX_ROWS,
    batchScheduleFn: (dispatch) => this.schedule(dispatch),
  });

  /** `build` makes the INSERT of the given aggregates' rows, returning the `id` of each row it wrote. */
  constructor(
    private readonly build: (aggregates: A[]) => Statement,
    private readonly writer: InsertWriter,
  ) {}

  /**
   * Stores the aggregate with the events it recorded. False when the statement's conflict clause
   * skipped its row (a unique key taken, also by a row of the same statement): nothing was written.
   */
  async insert(aggregate: A): Promise<boolean> {
    const row = { aggregate, events: aggregate.pullEvents() };
    if (this.writer.hooked()) return this.settle(await this.writeRows([row]));
    return this.loader.load(row);
  }

  private schedule(dispatch: () => void): void {
    if (this.slots === MAX_IN_FLIGHT) {
      this.waiting.push(dispatch);
      return;
    }
    this.slots++;
    setImmediate(dispatch);
  }

  private async writeCoalesced(rows: readonly PendingRow<A>[]): Promise<(boolean | Error)[]> {
    try {
      return await this.writer.outsideRequest(() => this.writeRows(rows));
    } finally {
      // The slot goes to the rows that waited for it, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.slots--;
    }
  }

  private async writeRows(rows: readonly PendingRow<A>[]): Promise<(boolean | Error)[]> {
    try {
      const written = await this.writer.write(
        this.build(rows.map((row) => row.aggregate)),
        rows.flatMap((row) => row.events.map((event) => ({ rowId: row.aggregate.id, event }))),
      );
      return rows.map((row) => written.has(row.aggregate.id));
    } catch (error) {
      if (rows.length === 1 || !isIntegrityViolation(error)) return rows.map(() => asError(error));
      return Promise.all(rows.map(async (row) => (await this.writeRows([row]))[0]));
    }
  }

  private settle([outcome]: (boolean | Error)[]): boolean {
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
