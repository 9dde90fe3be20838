import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { isForeignKeyViolation } from '../../shared/database/postgres-errors.js';
import { Sql } from '../../shared/database/sql.js';
import { OutboxRelay } from '../../shared/outbox/outbox-relay.js';
import { type AttemptOutcome, streaksOf } from '../domain/failure-streak.js';

/** One delivery attempt, as the deliveries log keeps it. */
export interface WebhookAttempt extends AttemptOutcome {
  eventId: string;
  eventType: string;
  status: number | null;
  durationMs: number;
  excerpt: string | null;
}

/** Attempts written together: at most this many, at most this long after the first. */
const BATCH_SIZE = 200;
const BATCH_DELAY_MS = 20;

/**
 * The deliveries log (`webhook_delivery_attempts`) and each endpoint's failure streak, written in
 * batches: one statement for up to BATCH_SIZE attempts of every endpoint, instead of one per
 * attempt (the statement per attempt cost the database more than the delivery itself). A delivery
 * is not held up by its log line; a log line shows up within BATCH_DELAY_MS. An endpoint that has
 * failed for WEBHOOK_DISABLE_AFTER_HOURS without a success is disabled, with the reason, and the
 * relay is asked for its subscribers again. Flushed at shutdown, after the relay has stopped.
 */
@Injectable()
export class WebhookAttemptLog implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookAttemptLog.name);
  private pending: WebhookAttempt[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: Sql,
    private readonly relay: OutboxRelay,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  add(attempt: WebhookAttempt): void {
    this.pending.push(attempt);
    if (this.pending.length >= BATCH_SIZE) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), BATCH_DELAY_MS).unref();
  }

  /** Writes what is pending; resolves when every attempt added so far is written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() =>
        this.write(batch)
          // An endpoint deleted after the statement's snapshot: once more, without its attempts.
          .catch((error: Error) => (isForeignKeyViolation(error) ? this.write(batch) : Promise.reject(error)))
          .catch((error: Error) => this.logger.warn(`${batch.length} webhook attempts not logged: ${error.message}`)),
      );
    }
    return this.writing;
  }

  onApplicationShutdown(): Promise<void> {
    return this.flush();
  }

  private async write(batch: WebhookAttempt[]): Promise<void> {
    const streaks = streaksOf(batch);
    const disabled = await this.sql.rows<{ id: string; disabled_reason: string }>({
      text: `WITH attempt AS (
               INSERT INTO webhook_delivery_attempts
                 (endpoint_id, event_id, event_type, attempted_at, status, duration_ms, response_excerpt, error)
               SELECT u.* FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::int[], $6::int[],
                                      $7::text[], $8::text[])
                        AS u(endpoint_id, event_id, event_type, attempted_at, status, duration_ms, response_excerpt, error)
                 -- An endpoint deleted meanwhile takes its log with it: its attempts are not kept.
                 JOIN webhook_endpoints e ON e.id = u.endpoint_id
             ), streak AS (
               SELECT s.endpoint_id, s.ended_ok, s.last_attempt_at, s.last_error,
                      CASE WHEN s.ended_ok THEN NULL
                           WHEN s.restarted THEN s.failing_from
                           ELSE coalesce(e.failing_since, s.failing_from) END AS failing_since
                 FROM unnest($9::uuid[], $10::boolean[], $11::boolean[], $12::timestamptz[], $13::timestamptz[],
                             $14::text[])
                        AS s(endpoint_id, ended_ok, restarted, failing_from, last_attempt_at, last_error)
                 JOIN webhook_endpoints e ON e.id = s.endpoint_id
                WHERE e.failing_since IS NOT NULL OR NOT s.ended_ok
             )
             UPDATE webhook_endpoints e SET
               failing_since = s.failing_since,
               disabled = e.disabled OR s.failing_since < s.last_attempt_at - $15 * interval '1 hour',
               disabled_reason = CASE
                 WHEN NOT e.disabled AND s.failing_since < s.last_attempt_at - $15 * interval '1 hour'
                 THEN 'Deliveries failed since ' || to_char(s.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                      || ' without a success; last error: ' || s.last_error
                 ELSE e.disabled_reason END
               FROM streak s
              WHERE e.id = s.endpoint_id
             RETURNING e.id, CASE WHEN e.disabled THEN e.disabled_reason END AS disabled_reason`,
      values: [
        batch.map((a) => a.endpointId),
        batch.map((a) => a.eventId),
        batch.map((a) => a.eventType),
        batch.map((a) => a.attemptedAt),
        batch.map((a) => a.status),
        batch.map((a) => a.durationMs),
        batch.map((a) => a.excerpt),
        batch.map((a) => a.error),
        streaks.map((s) => s.endpointId),
        streaks.map((s) => s.endedOk),
        streaks.map((s) => s.restarted),
        streaks.map((s) => s.failingFrom),
        streaks.map((s) => s.lastAttemptAt),
        streaks.map((s) => s.lastError),
        this.config.get('WEBHOOK_DISABLE_AFTER_HOURS', { infer: true }),
      ],
    });
    const newlyDisabled = disabled.filter((row) => row.disabled_reason !== null);
    for (const row of newlyDisabled) this.logger.warn(`Webhook endpoint ${row.id} disabled: ${row.disabled_reason}`);
    if (newlyDisabled.length > 0) void this.relay.refresh();
  }
}
