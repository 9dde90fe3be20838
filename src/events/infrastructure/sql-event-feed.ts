import { Injectable } from '@nestjs/common';
import { Sql } from '../../shared/database/sql.js';
import type { LoggedEvent } from '../../shared/outbox/event-subscriber.js';
import { LOGGED_EVENT_COLUMNS, type LoggedEventRow, loggedEventOf } from '../../shared/outbox/logged-event-row.js';
import { EventFeed, EventFeedError, type EventPageCriteria } from '../domain/event-feed.js';

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
      SELECT ${LOGGED_EVENT_COLUMNS} FROM outbox_events e
       WHERE ${condition} AND e.type = ANY($2::text[])
         AND (e.tx_id, e.position) > ($3::xid8, $4::bigint)
         AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.tx_id, e.position LIMIT $5)`;
    const rows = await this.sql.rows<LoggedEventRow>({
      text: `SELECT * FROM (${BRANCHES.map(branch).join(' UNION ALL ')}) e
              ORDER BY e.tx_id::xid8, e.position::bigint LIMIT $5`,
      values: [organizationId, types, from.txId, from.position, limit],
    });
    return rows.map(loggedEventOf);
  }

  async findOne(
    organizationId: string,
    eventId: string,
    types: readonly string[] | undefined,
  ): Promise<LoggedEvent | undefined> {
    const rows = await this.sql.rows<LoggedEventRow>({
      text: `SELECT ${LOGGED_EVENT_COLUMNS} FROM outbox_events e
              WHERE e.id = $2 AND (${BRANCHES.map((b) => `(${b})`).join(' OR ')})
                AND ($3::text[] IS NULL OR e.type = ANY($3::text[]))`,
      values: [organizationId, eventId, types ?? null],
    });
    return rows[0] && loggedEventOf(rows[0]);
  }
}
