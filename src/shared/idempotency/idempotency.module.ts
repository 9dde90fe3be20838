import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { IdempotencyGuard } from './idempotency.guard.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * `Idempotency-Key` for every POST route (the @Idempotent() decorator), stored in PostgreSQL (see
 * IdempotencyGuard). Global, so that any module's controllers can use the guard.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity])],
  providers: [IdempotencyStore, IdempotencyGuard],
  exports: [IdempotencyStore, IdempotencyGuard],
})
export class IdempotencyModule {}
