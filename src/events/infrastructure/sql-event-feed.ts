import { Injectable } from '@nestjs/common';
import { Sql } from '../../shared/database/sql.js';
import type { LoggedEvent } from '../../shared/outbox/event-subscriber.js';
import { EventFeed, EventFeedError, type EventPageCriteria } from '../domain/event-feed.js';

interface EventRow {
  id: string;
  type: string;
  version: number;
  aggregate_id: string;
  organization_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  tx_id: string;
  position: string;
}

const COLUMNS = `e.id, e.type, e.version, e.aggregate_id, e.organization_id, e.payload, e.occurred_at,
  e.tx_id::text AS tx_id, e.position::text AS position`;

/**
 * An event belongs to the organization that owned the instance then, and a transfer also to the one
 * it went to: two ordered index scans (outbox_events_organization_idx and _transferred_to_idx),
 * merged, so that a page costs O(page) however long the feed is.
 */
const BRANCHES = [
  'e.organization_id = $1',
  `e.type = 'InstanceTransferred' AND (e.payload->>'to_organization_id')::uuid = $1`,
];

@Injectable()
export class SqlEventFeed extends EventFeed {
  constructor(private readonly sql: Sql) {
    super();
  }

  async page({ organizationId, after, types, limit }: EventPageCriteria): Promise<LoggedEvent[]> {
    let from = { txId: '0', position: '0' };
    if (after !== undefined) {
      const cursor = await this.findOne(organizationId, after, undefined);
      if (!cursor) throw EventFeedError.unknownCursor();
      from = cursor;
    }
    const branch = (condition: string) => `(
      SELECT ${COLUMNS} FROM outbox_events e
       WHERE ${condition} AND e.type = ANY($2::text[])
         AND (e.tx_id, e.position) > ($3::xid8, $4::bigint)
         AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.tx_id, e.position LIMIT $5)`;
    const rows = await this.sql.rows<EventRow>({
      text: `SELECT * FROM (${BRANCHES.map(branch).join(' UNION ALL ')}) e
              ORDER BY e.tx_id::xid8, e.position::bigint LIMIT $5`,
      values: [organizationId, types, from.txId, from.position, limit],
    });
    return rows.map(eventOf);
  }

  async findOne(
    organizationId: string,
    eventId: string,
    types: readonly string[] | undefined,
  ): Promise<LoggedEvent | undefined> {
    const rows = await this.sql.rows<EventRow>({
      text: `SELECT ${COLUMNS} FROM outbox_events e
              WHERE e.id = $2 AND (${BRANCHES.map((b) => `(${b})`).join(' OR ')})
                AND ($3::text[] IS NULL OR e.type = ANY($3::text[]))`,
      values: [organizationId, eventId, types ?? null],
    });
    return rows[0] && eventOf(rows[0]);
  }
}

function eventOf(row: EventRow): LoggedEvent {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    aggregateId: row.aggregate_id,
    organizationId: row.organization_id,
    payload: row.payload,
    occurredAt: row.occurred_at,
    txId: row.tx_id,
    position: row.position,
  };
}
