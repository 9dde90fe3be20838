import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, MigrationExecutor } from 'typeorm';

// Any constant shared by every replica of this service; names the advisory lock below.
const MIGRATION_LOCK_ID = 7_031_966_001;

/**
 * Applies pending migrations at start-up. Replicas (and parallel test workers) that start together
 * queue on a PostgreSQL advisory lock, so only one of them migrates and the others find nothing left.
 */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly enabled: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const lockRunner = this.dataSource.createQueryRunner();
    await lockRunner.connect();
    try {
      // Migrations may rewrite large tables: the request timeouts of the pool do not apply to them.
      await lockRunner.query('SET statement_timeout = 0; SET lock_timeout = 0');
      await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      const executor = new MigrationExecutor(this.dataSource, lockRunner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      if (applied.length > 0) this.logger.log(`Applied ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
      await lockRunner.query('RESET statement_timeout; RESET lock_timeout');
      await lockRunner.release();
    }
  }
}
