import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Sql, type Statement } from './sql.js';

/** Work that must commit or roll back with every transaction of the current unit of work. */
export type CommitHook = (manager: EntityManager) => Promise<void>;

const commitHooks = new AsyncLocalStorage<readonly CommitHook[]>();

/**
 * Runs a unit of work in one database transaction. Repositories take the `EntityManager` it hands
 * out, so that an aggregate and its outbox event commit or roll back together. Inside
 * `TransactionRunner.withCommitHook` (an idempotent request), every transaction also runs the hook
 * just before it commits, so the hook's writes (the key's outcome) are atomic with the work.
 */
@Injectable()
export class TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  /** Runs `work` (and what it calls, however asynchronously) with `hook` joining each transaction. */
  static withCommitHook<T>(hook: CommitHook, work: () => T): T {
    return commitHooks.run([...(commitHooks.getStore() ?? []), hook], work);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const result = await work(manager);
      for (const hook of commitHooks.getStore() ?? []) await hook(manager);
      return result;
    });
  }

  /**
   * One statement that is atomic on its own (a CTE writing a row and its event): sent alone, one
   * round trip, unless commit hooks must join it, then in a transaction with them.
   */
  async statement<T>(statement: Statement): Promise<T[]> {
    if (!commitHooks.getStore()) return this.sql.rows<T>(statement);
    return this.run((manager) => manager.query(statement.text, statement.values));
  }
}
