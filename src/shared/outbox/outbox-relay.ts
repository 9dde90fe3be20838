import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Environment } from '../../config/environment.js';
import { DomainEventRegistry } from './domain-event-registry.js';

const BATCH_SIZE = 100;

interface OutboxRow {
  id: string;
  type: string;
  aggregate_id: string;
  organization_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Publishes recorded events on the CQRS event bus and marks them published. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several replicas can relay side by side without publishing a row twice
 * at the same moment. A crash between publishing and marking publishes again later: delivery is
 * at-least-once and event handlers are idempotent.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private drainAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
    private readonly registry: DomainEventRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.nudge(), this.config.get('OUTBOX_POLL_INTERVAL_MS', { infer: true }));
    this.timer.unref();
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.draining;
  }

  /** Ask for a drain soon; called after a commit that recorded events, and by the timer. */
  nudge(): void {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  /** Publishes everything pending; resolves when done. Tests and the shutdown path await it. */
  async drain(): Promise<void> {
    try {
      do {
        this.drainAgain = false;
        while ((await this.publishBatch()) === BATCH_SIZE);
      } while (this.drainAgain);
    } catch (error) {
      this.logger.warn(`Outbox relay paused: ${(error as Error).message}`);
    }
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, type, aggregate_id, organization_id, payload, occurred_at
           FROM outbox_events
          WHERE published_at IS NULL
          ORDER BY occurred_at
          LIMIT $1
            FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      const published: string[] = [];
      for (const row of rows) {
        const eventClass = this.registry.classOf(row.type);
        if (!eventClass) {
          this.logger.warn(`No event class registered for outbox type ${row.type}; left unpublished`);
          continue;
        }
        this.eventBus.publish(
          eventClass.fromStored({
            eventId: row.id,
            occurredAt: row.occurred_at,
            aggregateId: row.aggregate_id,
            organizationId: row.organization_id,
            payload: row.payload,
          }),
        );
        published.push(row.id);
      }
      if (published.length > 0) {
        await manager.query('UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::uuid[])', [published]);
      }
      return published.length;
    });
  }
}
