import type { DataSource } from 'typeorm';

/**
 * Events matching `where` (SQL on `outbox_events e`, parameters from $2) not yet delivered to the
 * subscriber: after its cursor, or with a delivery that is pending or dead.
 */
export async function undeliveredCount(
  db: DataSource,
  subscriber: string,
  where: string,
  params: unknown[] = [],
): Promise<number> {
  const rows: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n
       FROM outbox_events e
       LEFT JOIN event_subscriptions s ON s.subscriber = $1
      WHERE (${where})
        AND (s.subscriber IS NULL OR (e.tx_id, e.position) > (s.cursor_tx, s.cursor_position)
             OR EXISTS (SELECT 1 FROM event_deliveries d
                         WHERE d.subscriber = $1 AND d.event_id = e.id AND d.state <> 'delivered'))`,
    [subscriber, ...params],
  );
  return rows[0].n;
}

/** Makes one event due again for the subscriber, as a replay does: it will be delivered a second time. */
export async function redeliver(db: DataSource, subscriber: string, eventId: string): Promise<void> {
  await db.query(
    `INSERT INTO event_deliveries (subscriber, event_id, aggregate_id, tx_id, position)
     SELECT $1, id, aggregate_id, tx_id, position FROM outbox_events WHERE id = $2
     ON CONFLICT (subscriber, event_id) DO UPDATE
       SET state = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL`,
    [subscriber, eventId],
  );
}
