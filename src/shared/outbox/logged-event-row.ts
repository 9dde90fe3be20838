import type { LoggedEvent } from './event-subscriber.js';

/** The columns of a log row (alias `e`) as LoggedEvent needs them: the order columns as text. */
export const LOGGED_EVENT_COLUMNS = `e.id, e.type, e.version, e.aggregate_id, e.organization_id, e.payload, e.occurred_at,
  e.tx_id::text AS tx_id, e.position::text AS position`;

/** A row of LOGGED_EVENT_COLUMNS, as `pg` parses it. */
export interface LoggedEventRow {
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

export function loggedEventOf(row: LoggedEventRow): LoggedEvent {
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
