import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable, of } from 'rxjs';
import { ViolationCode } from '../domain/violation.js';
import { ProblemException } from '../http/problem.exception.js';
import { IdempotencyStore, type StoredResponse } from './idempotency.store.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Stripe's limit; visible ASCII only, so the key is safe to store, log and compare. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a retry waits for the first request with its key to answer before getting a 409. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while this request holds an idempotency key; the onSend hook stores its response. */
    idempotencyClaim?: { scope: string; key: string };
  }
}

/**
 * `Idempotency-Key` on POST, with Stripe's semantics: the first request with a key runs and its
 * response (status, body, Location headers) is stored; a retry with the same key and the same
 * request gets that response again, marked `Idempotent-Replayed: true`, without running twice; the
 * same key with another request is refused (422). Keys are scoped per partner. A retry that
 * arrives while the first is still running waits for its answer. A 5xx is not stored, so that the
 * client can retry it. Runs after the guards: an unauthenticated request never touches a key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || header === undefined) return next.handle();
    if (typeof header !== 'string' || !VALID_KEY.test(header)) {
      throw ProblemException.of(
        400,
        'The Idempotency-Key header must be one value of 1 to 255 visible ASCII characters (a UUID, for example).',
      );
    }
    const scope = request.integration
      ? `integration:${request.integration.integrationId}`
      : request.partner
        ? `partner:${request.partner.id}`
        : 'admin';
    const fingerprint = fingerprintOf(request);
    return from(this.acquire(scope, header, fingerprint)).pipe(
      mergeMap((stored) => {
        if (stored) return of(replay(http.getResponse<FastifyReply>(), stored));
        request.idempotencyClaim = { scope, key: header };
        return next.handle();
      }),
    );
  }

  /** Undefined when this request holds the key and runs; else the stored response to replay. */
  private async acquire(scope: string, key: string, fingerprint: string): Promise<StoredResponse | undefined> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const outcome = await this.store.claim(scope, key, fingerprint);
      if (outcome.kind === 'claimed') return undefined;
      if (outcome.fingerprint !== fingerprint) {
        throw keyReused();
      }
      if (outcome.kind === 'completed') return outcome.response;
      if (Date.now() > deadline) {
        throw ProblemException.of(
          409,
          'A request with this Idempotency-Key is still being processed. Retry the request later.',
          { 'retry-after': '1' },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

/** A 422 like every other rule the request breaks: one violation, on the header. */
function keyReused(): ProblemException {
  const message = 'This Idempotency-Key was already used with a different request. Send a new key with a new request.';
  const violation = { propertyPath: 'Idempotency-Key', message, code: ViolationCode.AlreadyUsed };
  return new ProblemException({ status: 422, detail: `Idempotency-Key: ${message}`, violations: [violation] });
}

function replay(reply: FastifyReply, stored: StoredResponse): string | undefined {
  void reply.code(stored.statusCode).headers(stored.headers).header('idempotent-replayed', 'true');
  return stored.body ?? undefined;
}

/** Method, URL and the JSON body with its keys sorted: key order and whitespace do not matter. */
function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.url, canonical(request.body)]))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}
