import { applyDecorators, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { IdempotencyGuard, IdempotentReplayFilter, ISSUES_SECRET } from './idempotency.guard.js';

export interface IdempotentOptions {
  /**
   * The success response carries a secret shown once (an API key, an integration's client secret): it is never stored, and a
   * replay answers 409 instead of showing the secret again.
   */
  issuesSecret?: boolean;
}

/**
 * `Idempotency-Key` support (IdempotencyGuard, which hands a replay to IdempotentReplayFilter) on
 * a POST route. Every POST route carries it (test/e2e/idempotent-routes.spec.ts checks). The
 * route's writes must go through the UnitOfWork (every repository's do), which records the key's
 * outcome in the same transaction.
 */
export const Idempotent = (options: IdempotentOptions = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ISSUES_SECRET, options.issuesSecret === true),
    UseGuards(IdempotencyGuard),
    UseFilters(IdempotentReplayFilter),
  );
