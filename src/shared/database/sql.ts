import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** A statement with positional parameters ($1, $2, ...). */
export interface Statement {
  text: string;
  values: unknown[];
  /**
   * Prepared once per connection and then only bound and executed: no parsing, and a plan that
   * PostgreSQL may reuse. Only for shapes whose best plan does not depend on the values.
   */
  prepared?: boolean;
  /** It records events or makes deliveries due: the unit of work running it wakes delivery after the commit. */
  wakesDelivery?: boolean;
}

/**
 * Hand-written SQL on the hot paths, straight on the `pg` pool TypeORM opened (same connections,
 * same size): no query runner, no subscriber broadcast per query. Rows come back as `pg` parses them.
 */
@Injectable()
export class Sql {
  private readonly pool: Pool;
  /** Statement names by text; as many as the code has prepared shapes. */
  private readonly names = new Map<string, string>();

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  async rows<T>(statement: Statement): Promise<T[]> {
    const { text, values } = statement;
    const name = statement.prepared ? this.nameOf(text) : undefined;
    return (await this.pool.query({ name, text, values })).rows as T[];
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
