import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { CacheInvalidation } from './cache-invalidation.js';
import { MigrationRunner } from './migration-runner.js';
import { Sql } from './sql.js';
import { parseTimestampsFast } from './timestamp-parser.js';

export interface DatabaseModuleOptions {
  url: string;
  poolSize: number;
  /** How long a request waits for a pooled connection before the database counts as unavailable (503). */
  connectTimeoutMs: number;
  /** statement_timeout and lock_timeout: a statement running or waiting longer is cancelled (503). Unset: none. */
  queryTimeoutMs?: number;
  /** A transaction left idle longer is ended by the server (it must exceed the outbox handler timeout). Unset: never. */
  idleInTransactionTimeoutMs?: number;
  migrationsRun: boolean;
  /** Whether the database process this service runs (the embedded one) is up; absent for an external one. */
  running?: () => boolean;
}

/** The embedded database process, if this service runs one: liveness fails while it is down. */
export interface DatabaseProcess {
  running?: () => boolean;
}
export const DATABASE_PROCESS = Symbol('DATABASE_PROCESS');

/** The server's own cancellation arrives first when it can; the client gives up this much later. */
const CLIENT_TIMEOUT_GRACE_MS = 1000;
/** TCP keepalive probes start after this long without traffic: a vanished server is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;

@Module({})
export class DatabaseModule {
  static register(options: DatabaseModuleOptions): DynamicModule {
    parseTimestampsFast();
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          // Each feature module registers its own entities through TypeOrmModule.forFeature.
          autoLoadEntities: true,
          // The schema changes through migrations only, never from entity metadata.
          synchronize: false,
          migrations,
          // Applied by MigrationRunner under an advisory lock, not by TypeORM's unlocked migrationsRun.
          migrationsRun: false,
          extra: {
            max: options.poolSize,
            application_name: 'instances-api',
            // A database that stops answering must not hold requests forever: they answer 503.
            connectionTimeoutMillis: options.connectTimeoutMs,
            // Enforced by the server (it cancels, the connection stays usable) ...
            statement_timeout: options.queryTimeoutMs,
            lock_timeout: options.queryTimeoutMs,
            idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs,
            // ... and by the client, for a server that does not answer at all (stalled, unreachable).
            query_timeout: options.queryTimeoutMs && options.queryTimeoutMs + CLIENT_TIMEOUT_GRACE_MS,
            keepAlive: true,
            keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
          },
          // Fail fast at start-up instead of retrying a wrong URL for half a minute.
          retryAttempts: 2,
          retryDelay: 500,
        }),
      ],
      providers: [
        CacheInvalidation,
        Sql,
        { provide: DATABASE_PROCESS, useValue: { running: options.running } satisfies DatabaseProcess },
        {
          provide: MigrationRunner,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new MigrationRunner(dataSource, options.migrationsRun),
        },
      ],
      exports: [CacheInvalidation, Sql, DATABASE_PROCESS],
    };
  }
}
