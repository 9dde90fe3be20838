import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg, { type Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** A statement with positional parameters ($1, $2, ...). */
export interface Statement {
  text: string;
  values: unknown[];
  /**
   * Prepared and planned once per connection (a generic plan), then only bound and executed. Only
   * for shapes whose best plan does not depend on the values: a lookup by key, an insert, a page
   * walked in the order of an index that leads with the organization, the delivery engine's reads.
   */
  prepared?: boolean;
  /** It records events or makes deliveries due: the unit of work running it wakes delivery after the commit. */
  wakesDelivery?: boolean;
}

/**
 * A generic plan, made once per session. It knows no organization, so it assumes one of average
 * size, and thousands of tiny organizations would have it sort the organization's rows, every
 * row of a big one on each page, rather than walk the index that is in the page's order: in these
 * sessions a sort is a last resort (`enable_sort`), which the prepared shapes never need below the
 * page. So is a sequential scan (`enable_seqscan`): a generic plan prices "subscriber = $1" at one
 * subscriber's share of the deliveries and would scan the table for a subscriber that has none
 * pending, where the index answers at once. test/integration/planned-once.spec.ts pins the plans.
 */
export const PLANNED_ONCE = '-c plan_cache_mode=force_generic_plan -c enable_sort=off -c enable_seqscan=off';

/**
 * Hand-written SQL on the hot paths, straight on `pg` pools: no query runner, no subscriber
 * broadcast per query. Rows come back as `pg` parses them. Two pools of the same size and
 * connection options: TypeORM's for every statement but the prepared ones, and one whose sessions
 * plan prepared statements once (PLANNED_ONCE). Left to itself, PostgreSQL plans a list page anew
 * on every execution: it prices the generic plan's `LIMIT $n` at a tenth of the rows, above a
 * custom plan plus its planning, so a custom plan always wins, and planning it costs more than
 * running it (docs/performance.md, session 14). Statements planned for their values (filtered
 * lists) keep PostgreSQL's choice on TypeORM's pool.
 */
@Injectable()
export class Sql implements OnApplicationShutdown {
  private readonly logger = new Logger(Sql.name);
  private readonly pool: Pool;
  private readonly plannedOnce: Pool;
  /** Statement names by text; as many as the code has prepared shapes. */
  private readonly names = new Map<string, string>();

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    const { options } = this.pool;
    const sessionOptions = [options.options, PLANNED_ONCE].filter(Boolean).join(' ');
    this.plannedOnce = new pg.Pool({ ...options, options: sessionOptions });
    // As TypeORM does for its pool: a connection that fails while idle is dropped, not fatal.
    this.plannedOnce.on('error', (error) => this.logger.warn(`Idle database connection failed: ${error.message}`));
  }

  async rows<T>(statement: Statement): Promise<T[]> {
    const { text, values } = statement;
    const name = statement.prepared ? this.nameOf(text) : undefined;
    return (await (name ? this.plannedOnce : this.pool).query({ name, text, values })).rows as T[];
  }

  /** After the HTTP server has closed and its requests have ended (Nest disposes of it first). */
  async onApplicationShutdown(): Promise<void> {
    await this.plannedOnce.end();
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `s_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
      this.names.set(text, name);
    }
    return name;
  }
}
