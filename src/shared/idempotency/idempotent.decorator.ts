import { UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * `Idempotency-Key` support (IdempotencyInterceptor) on a POST route. Every POST route carries it
 * (test/e2e/idempotent-routes.spec.ts checks). Not a global interceptor: a route with any
 * interceptor runs Nest's rxjs pipeline, which cost the read routes a quarter of their CPU.
 */
export const Idempotent = (): MethodDecorator & ClassDecorator => UseInterceptors(IdempotencyInterceptor);
