import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { Environment } from '../../config/environment.js';
import { DomainEventRegistry } from './domain-event-registry.js';
import { EventHandlerRegistry } from './event-handler-registry.js';

const BATCH_SIZE = 100;
/** A failed event waits 1 s, 2 s, 4 s, ... up to 5 minutes before its next attempt. */
const RETRY_BACKOFF = `least(interval '1 second' * power(2, least(attempts, 20)), interval '5 minutes')`;

interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  organization_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Delivers recorded events to every `@EventsHandler` that handles them, waits for the handlers, and
 * only then marks the events published. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * replicas can relay side by side without delivering a row twice at the same moment. A crash before
 * the mark delivers again later, and an event one of whose handlers failed is delivered again after a
 * backoff (to all its handlers): delivery is at-least-once and event handlers are idempotent. Events
 * are not published on the CQRS EventBus, which would run the handlers a second time, unawaited.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private drainAgain = false;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: DomainEventRegistry,
    private readonly handlers: EventHandlerRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), this.config.get('OUTBOX_POLL_INTERVAL_MS', { infer: true }));
    this.timer.unref();
    this.nudge();
  }

  /**
   * Finishes the batch in hand and starts no other. This runs before the HTTP server drains and
   * before TypeORM closes its pool (both come later in Nest's shutdown), so the relay never works on
   * a closing pool; events of requests that finish during the drain wait in the table for the next
   * start or another replica.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.draining;
  }

  /** Ask for a drain soon; called after a commit that recorded events, and by the timer. */
  nudge(): void {
    if (this.stopping) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  /** Delivers everything due; resolves when done. Tests and the shutdown path await it. */
  async drain(): Promise<void> {
    try {
      do {
        this.drainAgain = false;
        // Counts claimed rows: failed ones are not due again before their backoff, so this ends.
        while (!this.stopping && (await this.relayBatch()) === BATCH_SIZE);
      } while (this.drainAgain && !this.stopping);
    } catch (error) {
      this.logger.warn(`Outbox relay paused: ${(error as Error).message}`);
    }
  }

  /** Claims a batch of due events, delivers them one by one; returns how many it claimed. */
  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, type, aggregate_id, organization_id, payload, occurred_at
           FROM outbox_events
          WHERE published_at IS NULL AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
            FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      const published: string[] = [];
      const failed: string[] = [];
      for (const row of rows) {
        ((await this.deliver(row)) ? published : failed).push(row.id);
      }
      // clock_timestamp(), not now(): the transaction began before the handlers ran, maybe long ago.
      if (published.length > 0) {
        await manager.query('UPDATE outbox_events SET published_at = clock_timestamp() WHERE id = ANY($1::uuid[])', [
          published,
        ]);
      }
      if (failed.length > 0) {
        await manager.query(
          `UPDATE outbox_events SET attempts = attempts + 1, next_attempt_at = clock_timestamp() + ${RETRY_BACKOFF}
            WHERE id = ANY($1::uuid[])`,
          [failed],
        );
      }
      return rows.length;
    });
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const eventClass = this.registry.classOf(row.type);
    if (!eventClass) {
      // E.g. a replica of an older version during a deploy: one that knows the type will deliver it.
      this.logger.warn(`Event ${row.id}: no event class registered for outbox type ${row.type}; retried later`);
      return false;
    }
    return this.handlers.deliver(
      eventClass.fromStored({
        eventId: row.id,
        occurredAt: row.occurred_at,
        aggregateId: row.aggregate_id,
        organizationId: row.organization_id,
        payload: row.payload,
      }),
    );
  }
}
