import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** A statement with positional parameters ($1, $2, ...). */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Hand-written SQL on the hot paths, straight on the `pg` pool TypeORM opened (same connections,
 * same size): no query runner, no subscriber broadcast per query. Rows come back as `pg` parses them.
 */
@Injectable()
export class Sql {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  async rows<T>(statement: Statement): Promise<T[]> {
    return (await this.pool.query(statement.text, statement.values)).rows as T[];
  }
}
