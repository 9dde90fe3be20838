import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { CacheInvalidation } from './cache-invalidation.js';
import { MigrationRunner } from './migration-runner.js';
import { Sql } from './sql.js';
import { TransactionRunner } from './transaction-runner.js';

export interface DatabaseModuleOptions {
  url: string;
  poolSize: number;
  /** How long a request waits for a pooled connection before the database counts as unavailable (503). */
  connectTimeoutMs: number;
  migrationsRun: boolean;
}

@Module({})
export class DatabaseModule {
  static register(options: DatabaseModuleOptions): DynamicModule {
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
            keepAlive: true,
          },
          // Fail fast at start-up instead of retrying a wrong URL for half a minute.
          retryAttempts: 2,
          retryDelay: 500,
        }),
      ],
      providers: [
        TransactionRunner,
        CacheInvalidation,
        Sql,
        {
          provide: MigrationRunner,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new MigrationRunner(dataSource, options.migrationsRun),
        },
      ],
      exports: [TransactionRunner, CacheInvalidation, Sql],
    };
  }
}
