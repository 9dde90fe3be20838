import { Injectable } from '@nestjs/common';
import { Sql, type Statement } from '../database/sql.js';
import type { EventFilter, LoggedEvent } from './event-subscriber.js';
import { LOGGED_EVENT_COLUMNS, type LoggedEventRow, loggedEventOf } from './logged-event-row.js';

/** Where a subscriber has read up to in the log (exclusive). */
export interface Cursor {
  txId: string;
  position: string;
}

/** A pending delivery that is due: the oldest not yet delivered event of its instance. */
export interface DueDelivery {
  event: LoggedEvent;
  attempts: number;
}

/** What became of one attempt, or of an event that has to wait behind a failed one. */
export interface DeliveryOutcome {
  event: LoggedEvent;
  state: 'pending' | 'delivered' | 'dead';
  /** Attempts made so far, this one included (0: waiting, never attempted). */
  attempts: number;
  /** Until the next attempt, for a pending one. */
  delayMs: number;
  error: string | null;
  /** An attempt that timed out may still be running: nobody retries it while the lease holds. */
  leased: boolean;
}

const MAX_POSITION = '9223372036854775807';

/**
 * The delivery engine's statements, each short and outside any transaction: nothing is locked while
 * a subscriber runs.
 */
@Injectable()
export class DeliveryStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Takes (or keeps) the subscriber's lease and returns its cursor; undefined while another replica
   * holds it. A subscriber seen for the first time starts after every event already committed.
   */
  async claim(subscriber: string, owner: string, leaseMs: number): Promise<Cursor | undefined> {
    const rows = await this.sql.rows<{ tx_id: string; position: string }>({
      text: `INSERT INTO event_subscriptions AS s (subscriber, cursor_tx, cursor_position, lease_owner, lease_until)
             SELECT $1, (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text::xid8, $4::bigint,
                    $2, clock_timestamp() + $3 * interval '1 millisecond'
             ON CONFLICT (subscriber) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
              WHERE s.lease_owner = EXCLUDED.lease_owner OR s.lease_until IS NULL OR s.lease_until < clock_timestamp()
             RETURNING s.cursor_tx::text AS tx_id, s.cursor_position::text AS position`,
      values: [subscriber, owner, leaseMs, MAX_POSITION],
    });
    return rows[0] && { txId: rows[0].tx_id, position: rows[0].position };
  }

  /** Extends the leases this replica holds; returns the subscribers whose lease it still holds. */
  async renew(subscribers: string[], owner: string, leaseMs: number): Promise<Set<string>> {
    if (subscribers.length === 0) return new Set();
    const rows = await this.sql.rows<{ subscriber: string }>({
      text: `UPDATE event_subscriptions SET lease_until = clock_timestamp() + $3 * interval '1 millisecond'
              WHERE subscriber = ANY($1::text[]) AND lease_owner = $2 RETURNING subscriber`,
      values: [subscribers, owner, leaseMs],
    });
    return new Set(rows.map((row) => row.subscriber));
  }

  async release(owner: string): Promise<void> {
    await this.sql.rows({
      text: 'UPDATE event_subscriptions SET lease_until = NULL WHERE lease_owner = $1',
      values: [owner],
    });
  }

  /**
   * The next events after the cursor that the filter wants, oldest first, each marked `blocked`
   * when an earlier event of its instance is still pending for this subscriber. Only events whose
   * transaction is older than every running one are read, so none can commit behind the cursor
   * later. `next` is where to continue: after the last event read, or, when fewer than `limit`
   * came, after everything that is visible now (so a filter that matches rarely scans nothing twice).
   * `pending` tells whether the subscriber has any pending delivery at all (due or not).
   */
  async read(
    subscriber: string,
    cursor: Cursor,
    filter: EventFilter,
    limit: number,
  ): Promise<{ events: (LoggedEvent & { blocked: boolean })[]; next: Cursor; pending: boolean }> {
    const values: unknown[] = [subscriber, cursor.txId, cursor.position, limit];
    const after = ['(e.tx_id, e.position) > ($2::xid8, $3::bigint)', 'e.tx_id < h.xmin'];
    if (filter.types) {
      values.push(filter.types);
      after.push(`e.type = ANY($${values.length}::text[])`);
    }
    const walk = (...conditions: string[]) =>
      `(SELECT * FROM outbox_events e WHERE ${[...conditions, ...after].join(' AND ')}
         ORDER BY e.tx_id, e.position LIMIT $4)`;
    let source = walk();
    if (filter.organizationId) {
      values.push(filter.organizationId);
      const organization = `$${values.length}::uuid`;
      // Two walks in log order, each on an index that leads with the organization, merged: as cheap
      // for an organization with a few events in a long log as for one with most of them, so one
      // generic plan serves every subscriber (an OR of the two would walk the whole log instead).
      source = `${walk(`e.organization_id = ${organization}`)}
        UNION ALL
        ${walk(
          `e.type = 'InstanceTransferred'`,
          `(e.payload->>'to_organization_id')::uuid = ${organization}`,
          `e.organization_id IS DISTINCT FROM ${organization}`,
        )}
        ORDER BY tx_id, "position" LIMIT $4`;
    }
    const rows = await this.sql.rows<LoggedEventRow & { horizon: string; pending: boolean; blocked: boolean | null }>({
      text: `SELECT h.xmin::text AS horizon, h.pending, e.*
               FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin,
                            EXISTS (SELECT 1 FROM event_deliveries d WHERE d.subscriber = $1 AND d.state = 'pending') AS pending) h
               LEFT JOIN LATERAL (
                 SELECT ${LOGGED_EVENT_COLUMNS},
                        EXISTS (SELECT 1 FROM event_deliveries d
                                 WHERE d.subscriber = $1 AND d.aggregate_id = e.aggregate_id AND d.state = 'pending') AS blocked
                   FROM (${source}) e) e ON true
              -- The order columns come out as text: sort them as numbers, not as strings.
              ORDER BY e.tx_id::xid8, e.position::bigint`,
      values,
      prepared: true,
    });
    const events = rows
      .filter((row) => row.id !== null)
      .map((row) => ({ ...loggedEventOf(row), blocked: !!row.blocked }));
    const last = events.at(-1);
    const next =
      events.length === limit && last
        ? { txId: last.txId, position: last.position }
        : { txId: (BigInt(rows[0].horizon) - 1n).toString(), position: MAX_POSITION };
    return { events, next, pending: rows[0].pending };
  }

  /**
   * Records the outcomes of a batch read from the log (only failed and waiting events get a row)
   * and moves the cursor, in one statement, provided this replica still holds the lease.
   */
  async advance(
    subscriber: string,
    owner: string,
    next: Cursor,
    outcomes: DeliveryOutcome[],
    leaseMs: number,
  ): Promise<boolean> {
    const [moved] = await this.sql.rows<{ count: number }>({
      text: `WITH s AS (
               UPDATE event_subscriptions SET cursor_tx = $3::xid8, cursor_position = $4::bigint
                WHERE subscriber = $1 AND lease_owner = $2 RETURNING 1
             ), recorded AS (
               INSERT INTO event_deliveries (subscriber, event_id, aggregate_id, tx_id, position, state, attempts,
                                             next_attempt_at, last_error, lease_until)
               SELECT $1, u.event_id, u.aggregate_id, u.tx_id, u.position, u.state, u.attempts,
                      clock_timestamp() + u.delay_ms * interval '1 millisecond', u.error,
                      CASE WHEN u.leased THEN clock_timestamp() + $12 * interval '1 millisecond' END
                 FROM s, unnest($5::uuid[], $6::uuid[], $7::xid8[], $8::bigint[], $9::text[], $10::int[],
                                $11::float8[], $13::text[], $14::bool[])
                        AS u(event_id, aggregate_id, tx_id, position, state, attempts, delay_ms, error, leased)
               ON CONFLICT (subscriber, event_id) DO NOTHING
             )
             SELECT count(*)::int AS count FROM s`,
      values: [
        subscriber,
        owner,
        next.txId,
        next.position,
        ...outcomeColumns(outcomes),
        leaseMs,
        outcomes.map((o) => o.error),
        outcomes.map((o) => o.leased),
      ],
      prepared: true,
    });
    return moved.count > 0;
  }

  /** Due pending deliveries of the subscriber, each the oldest pending event of its instance. */
  async due(subscriber: string, limit: number): Promise<DueDelivery[]> {
    const rows = await this.sql.rows<LoggedEventRow & { attempts: number }>({
      text: `SELECT ${LOGGED_EVENT_COLUMNS}, d.attempts
               FROM event_deliveries d JOIN outbox_events e ON e.id = d.event_id
              WHERE d.subscriber = $1 AND d.state = 'pending' AND d.next_attempt_at <= clock_timestamp()
                AND (d.lease_until IS NULL OR d.lease_until < clock_timestamp())
                AND NOT EXISTS (SELECT 1 FROM event_deliveries p
                                 WHERE p.subscriber = d.subscriber AND p.aggregate_id = d.aggregate_id
                                   AND p.state = 'pending' AND (p.tx_id, p.position) < (d.tx_id, d.position))
              ORDER BY d.next_attempt_at
              LIMIT $2`,
      values: [subscriber, limit],
      prepared: true,
    });
    return rows.map((row) => ({ event: loggedEventOf(row), attempts: row.attempts }));
  }

  /** Records the outcomes of retried deliveries. */
  async settle(subscriber: string, outcomes: DeliveryOutcome[], leaseMs: number): Promise<void> {
    if (outcomes.length === 0) return;
    await this.sql.rows({
      text: `UPDATE event_deliveries d
                SET state = u.state, attempts = u.attempts, last_error = u.error, updated_at = clock_timestamp(),
                    next_attempt_at = clock_timestamp() + u.delay_ms * interval '1 millisecond',
                    lease_until = CASE WHEN u.leased THEN clock_timestamp() + $2 * interval '1 millisecond' END
               FROM unnest($3::uuid[], $4::text[], $5::int[], $6::float8[], $7::text[], $8::bool[])
                      AS u(event_id, state, attempts, delay_ms, error, leased)
              WHERE d.subscriber = $1 AND d.event_id = u.event_id`,
      values: [
        subscriber,
        leaseMs,
        outcomes.map((o) => o.event.id),
        outcomes.map((o) => o.state),
        outcomes.map((o) => o.attempts),
        outcomes.map((o) => o.delayMs),
        outcomes.map((o) => o.error),
        outcomes.map((o) => o.leased),
      ],
    });
  }

  /** Keeps (or, once it ended, drops) the lease of attempts that timed out and may still be running. */
  async leaseRunning(running: { subscriber: string; eventId: string }[], leaseMs: number | null): Promise<void> {
    if (running.length === 0) return;
    await this.sql.rows({
      text: `UPDATE event_deliveries d
                SET lease_until = CASE WHEN $3::float8 IS NULL THEN NULL ELSE clock_timestamp() + $3 * interval '1 millisecond' END
               FROM unnest($1::text[], $2::uuid[]) AS r(subscriber, event_id)
              WHERE d.subscriber = r.subscriber AND d.event_id = r.event_id`,
      values: [running.map((r) => r.subscriber), running.map((r) => r.eventId), leaseMs],
    });
  }
}

/**
 * Makes the subscriber's dead deliveries of events since `since` pending again, due now; its rows
 * count them. Their instances' later pending events wait behind them again, in order. Run through
 * the unit of work, it wakes delivery after its commit.
 */
export function replayDead(subscriber: string, since: Date): Statement {
  return {
    text: `UPDATE event_deliveries d
              SET state = 'pending', attempts = 0, next_attempt_at = clock_timestamp(), lease_until = NULL,
                  updated_at = clock_timestamp()
             FROM outbox_events e
            WHERE d.subscriber = $1 AND d.state = 'dead' AND e.id = d.event_id AND e.occurred_at >= $2
            RETURNING d.event_id`,
    values: [subscriber, since],
    wakesDelivery: true,
  };
}

function outcomeColumns(outcomes: DeliveryOutcome[]): unknown[] {
  return [
    outcomes.map((o) => o.event.id),
    outcomes.map((o) => o.event.aggregateId),
    outcomes.map((o) => o.event.txId),
    outcomes.map((o) => o.event.position),
    outcomes.map((o) => o.state),
    outcomes.map((o) => o.attempts),
    outcomes.map((o) => o.delayMs),
  ];
}
