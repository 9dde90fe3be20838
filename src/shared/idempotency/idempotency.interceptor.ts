import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, Observable, of } from 'rxjs';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ViolationCode } from '../domain/violation.js';
import { ProblemException } from '../http/problem.exception.js';
import { type Claim, IdempotencyStore, type StoredResponse } from './idempotency.store.js';

const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Route metadata (@Idempotent({ issuesSecret: true })): the success response carries a secret. */
export const ISSUES_SECRET = 'idempotency:issues-secret';
/** Stripe's limit; visible ASCII only, so the key is safe to store, log and compare. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a retry waits for the first request with its key to answer before getting a 409. */
const WAIT_FOR_FIRST_MS = 10_000;
/** A waiting retry looks at the key again at least this often (a crashed holder announces nothing). */
const RECHECK_MS = 1_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while this request holds an idempotency key; the onSend hook stores its response. */
    idempotencyClaim?: Claim & { issuesSecret: boolean };
  }
}

/**
 * `Idempotency-Key` on POST, with Stripe's semantics: the first request with a key runs and its
 * response (status, body, Location headers) is stored; a retry with the same key and the same
 * request gets that response again, marked `Idempotent-Replayed: true`, without running twice; the
 * same key with another request is refused (422). Keys are scoped per authenticated caller. A retry
 * that arrives while the first is still running waits for its answer (LISTEN/NOTIFY, no polling).
 * The key's outcome is recorded in the transaction of the work itself (a commit hook), so a key
 * whose work committed is never run again, even when its response was lost (409). A 5xx before
 * the work committed gives the key back, so that the client can retry it. Runs after the guards:
 * an unauthenticated request never touches a key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

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
    const scope = scopeOf(request);
    const issuesSecret = this.reflector.get<boolean>(ISSUES_SECRET, context.getHandler()) === true;
    const fingerprint = fingerprintOf(request);
    return from(this.acquire(scope, header, fingerprint)).pipe(
      mergeMap((outcome) => {
        if ('statusCode' in outcome) return of(replay(http.getResponse<FastifyReply>(), outcome));
        request.idempotencyClaim = { ...outcome, issuesSecret };
        // Every transaction the handler commits records, in itself, that the key's work committed.
        const hook = (manager: Parameters<IdempotencyStore['markCommitted']>[0]) =>
          this.store.markCommitted(manager, outcome);
        return new Observable<unknown>((subscriber) =>
          TransactionRunner.withCommitHook(hook, () => next.handle().subscribe(subscriber)),
        );
      }),
    );
  }

  /** The claim when this request holds the key and runs; else the stored response to replay. */
  private async acquire(scope: string, key: string, fingerprint: string): Promise<Claim | StoredResponse> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const outcome = await this.store.claim(scope, key, fingerprint);
      if (outcome.kind === 'claimed') return outcome.claim;
      if (outcome.fingerprint !== fingerprint) throw keyReused();
      if (outcome.kind === 'completed') return outcome.response;
      // Committed long ago and never answered: the holder crashed after its commit; waiting is futile.
      if (outcome.committed && outcome.abandoned) throw responseLost();
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw outcome.committed ? responseLost() : stillRunning();
      await this.store.settled(scope, key, Math.min(remaining, RECHECK_MS));
    }
  }
}

/**
 * Keys belong to the authenticated caller: a partner, or the operator (admin key). A route that
 * authenticates nobody has no scope to put a key in: its keys would be shared by every client.
 */
function scopeOf(request: FastifyRequest): string {
  if (request.partner) return `partner:${request.partner.id}`;
  if (request.operator) return 'admin';
  throw ProblemException.of(400, 'This route takes no Idempotency-Key: it authenticates no caller to scope it to.');
}

function stillRunning(): ProblemException {
  return ProblemException.of(
    409,
    'A request with this Idempotency-Key is still being processed. Retry the request later.',
    { 'retry-after': '1' },
  );
}

function responseLost(): ProblemException {
  return ProblemException.of(
    409,
    'The request with this Idempotency-Key was carried out, but its response was lost. It will not run again: read the result instead of retrying.',
  );
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
