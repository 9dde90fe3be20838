import type { Statement } from '../database/sql.js';
import type { DomainEvent } from '../domain/domain-event.js';

/** An aggregate that records the events of its changes until they are pulled (`Instance`). */
export interface RecordsEvents {
  pullEvents(): DomainEvent[];
}

/** The transaction of a `UnitOfWork.run`, as the repositories writing in it see it. */
export interface Work {
  /** Hand-written SQL in the transaction; the rows it returns (RETURNING or a final SELECT), whatever the command. */
  rows<T = unknown>(statement: Statement): Promise<T[]>;
  /** The aggregates were stored in this transaction: the events they recorded are written to the outbox before it commits. */
  saved(...aggregates: RecordsEvents[]): void;
}

/** Work that must commit or roll back with every transaction of the current request (`UnitOfWork.withCommitHook`). */
export type CommitHook = (work: Work) => Promise<void>;
