import { Injectable } from '@nestjs/common';
import { Sql } from '../../shared/database/sql.js';
import { replayDead } from '../../shared/outbox/delivery-store.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';
import {
  subscriberName,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
  WebhookEndpoints,
  WebhookError,
  type WebhookEndpointPatch,
} from '../domain/webhook-endpoint.js';
import { SecretBox } from './secret-box.js';

interface EndpointRow {
  id: string;
  organization_id: string;
  url: string;
  event_types: string[] | null;
  description: string | null;
  disabled: boolean;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, organization_id, url, event_types, description, disabled, disabled_reason, created_at, updated_at';

const endpointOf = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  organizationId: row.organization_id,
  url: row.url,
  eventTypes: row.event_types,
  description: row.description,
  disabled: row.disabled,
  disabledReason: row.disabled_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

@Injectable()
export class SqlWebhookEndpoints extends WebhookEndpoints {
  constructor(
    private readonly sql: Sql,
    private readonly unitOfWork: UnitOfWork,
    private readonly secrets: SecretBox,
  ) {
    super();
  }

  /** With its subscriber cursor, in one statement: after every event committed before it (see DeliveryStore.claim). */
  async add(endpoint: WebhookEndpoint, secret: string): Promise<void> {
    await this.unitOfWork.statement({
      text: `WITH endpoint AS (
               INSERT INTO webhook_endpoints (${COLUMNS}, secret_ciphertext)
               VALUES ($1, $2, $3, $4, $5, false, NULL, $6, $6, $7)
             )
             INSERT INTO event_subscriptions (subscriber, cursor_tx, cursor_position)
             VALUES ($8, (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text::xid8, 9223372036854775807)`,
      values: [
        endpoint.id,
        endpoint.organizationId,
        endpoint.url,
        endpoint.eventTypes,
        endpoint.description,
        endpoint.createdAt,
        await this.secrets.seal(secret),
        subscriberName(endpoint.id),
      ],
    });
  }

  async list(organizationId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.sql.rows<EndpointRow>({
      text: `SELECT ${COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 ORDER BY created_at, id`,
      values: [organizationId],
    });
    return rows.map(endpointOf);
  }

  async find(organizationId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    const rows = await this.sql.rows<EndpointRow>({
      text: `SELECT ${COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND id = $2`,
      values: [organizationId, endpointId],
    });
    return rows[0] && endpointOf(rows[0]);
  }

  async update(organizationId: string, endpointId: string, patch: WebhookEndpointPatch): Promise<WebhookEndpoint> {
    const rows = await this.unitOfWork.statement<EndpointRow>({
      text: `UPDATE webhook_endpoints SET
               url = CASE WHEN $3 THEN $4 ELSE url END,
               event_types = CASE WHEN $5 THEN $6::text[] ELSE event_types END,
               description = CASE WHEN $7 THEN $8 ELSE description END,
               disabled = coalesce($9, disabled),
               -- Enabled again (by its owner): the reason and the failure streak are over.
               disabled_reason = CASE WHEN $9 = false THEN NULL ELSE disabled_reason END,
               failing_since = CASE WHEN $9 = false THEN NULL ELSE failing_since END,
               updated_at = now()
             WHERE organization_id = $1 AND id = $2
             RETURNING ${COLUMNS}`,
      values: [
        organizationId,
        endpointId,
        patch.url !== undefined,
        patch.url ?? null,
        patch.eventTypes !== undefined,
        patch.eventTypes ?? null,
        patch.description !== undefined,
        patch.description ?? null,
        patch.disabled ?? null,
      ],
    });
    if (!rows[0]) throw WebhookError.notFound();
    return endpointOf(rows[0]);
  }

  async remove(organizationId: string, endpointId: string): Promise<void> {
    const rows = await this.unitOfWork.statement({
      text: `WITH removed AS (DELETE FROM webhook_endpoints WHERE organization_id = $1 AND id = $2 RETURNING id),
                  progress AS (DELETE FROM event_subscriptions WHERE subscriber = $3 AND EXISTS (SELECT 1 FROM removed)),
                  failures AS (DELETE FROM event_deliveries WHERE subscriber = $3 AND EXISTS (SELECT 1 FROM removed))
             SELECT id FROM removed`,
      values: [organizationId, endpointId, subscriberName(endpointId)],
    });
    if (rows.length === 0) throw WebhookError.notFound();
  }

  async replaceSecret(organizationId: string, endpointId: string, secret: string): Promise<void> {
    const rows = await this.unitOfWork.statement({
      text: `UPDATE webhook_endpoints SET secret_ciphertext = $3, updated_at = now()
              WHERE organization_id = $1 AND id = $2 RETURNING id`,
      values: [organizationId, endpointId, await this.secrets.seal(secret)],
    });
    if (rows.length === 0) throw WebhookError.notFound();
  }

  async attempts(organizationId: string, endpointId: string, limit: number): Promise<WebhookDeliveryAttempt[]> {
    if (!(await this.find(organizationId, endpointId))) throw WebhookError.notFound();
    const rows = await this.sql.rows<{
      event_id: string;
      event_type: string;
      attempted_at: Date;
      status: number | null;
      duration_ms: number;
      response_excerpt: string | null;
      error: string | null;
    }>({
      text: `SELECT event_id, event_type, attempted_at, status, duration_ms, response_excerpt, error
               FROM webhook_delivery_attempts WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2`,
      values: [endpointId, limit],
    });
    return rows.map((row) => ({
      eventId: row.event_id,
      eventType: row.event_type,
      attemptedAt: row.attempted_at,
      status: row.status,
      durationMs: row.duration_ms,
      responseExcerpt: row.response_excerpt,
      error: row.error,
    }));
  }

  async replay(organizationId: string, endpointId: string, since: Date): Promise<number> {
    if (!(await this.find(organizationId, endpointId))) throw WebhookError.notFound();
    // Through the unit of work: delivery wakes after its commit, and an idempotent request's key commits with it.
    return (await this.unitOfWork.statement(replayDead(subscriberName(endpointId), since))).length;
  }
}
