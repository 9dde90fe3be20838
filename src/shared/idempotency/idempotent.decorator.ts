import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor, ISSUES_SECRET } from './idempotency.interceptor.js';

export interface IdempotentOptions {
  /**
   * The success response carries a secret shown once (an API key, an integration's client secret): it is never stored, and a
   * replay answers 409 instead of showing the secret again.
   */
  issuesSecret?: boolean;
}

/**
 * `Idempotency-Key` support (IdempotencyInterceptor) on a POST route. Every POST route carries it
 * (test/e2e/idempotent-routes.spec.ts checks). Not a global interceptor: a route with any
 * interceptor runs Nest's rxjs pipeline, which cost the read routes a quarter of their CPU. The
 * route's writes must go through TransactionRunner, which records the key's outcome in the same
 * transaction.
 */
export const Idempotent = (options: IdempotentOptions = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ISSUES_SECRET, options.issuesSecret === true), UseInterceptors(IdempotencyInterceptor));
