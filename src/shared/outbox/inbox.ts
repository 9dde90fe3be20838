import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '../domain/domain-event.js';

/**
 * Handles an event once per subscriber, for effects that are not idempotent by themselves (a
 * counter): delivery is at least once, so a crash or a replay hands a subscriber an event again.
 */
@Injectable()
export class Inbox {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction with the record that `subscriber` handled `event`
   * (`processed_events`): a redelivered event finds the record and is skipped, while a failed
   * attempt rolls back both, so its retry runs `work` again. Resolves to whether `work` ran.
   */
  once(
    subscriber: string,
    event: Pick<DomainEvent, 'eventId'>,
    work: (manager: EntityManager) => Promise<unknown>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const recorded: unknown[] = await manager.query(
        `INSERT INTO processed_events (subscriber, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [subscriber, event.eventId],
      );
      if (recorded.length === 0) return false;
      await work(manager);
      return true;
    });
  }
}
