import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { PublicEvents } from '../../events/index.js';
import { Sql } from '../../shared/database/sql.js';
import type { EventSubscriber, EventSubscriberSource, LoggedEvent } from '../../shared/outbox/event-subscriber.js';
import { type WebhookSigner, webhookSigner } from '../domain/signature.js';
import { subscriberName } from '../domain/webhook-endpoint.js';
import { SecretBox } from './secret-box.js';
import { WebhookAttemptLog } from './webhook-attempt-log.js';
import { WebhookSender } from './webhook-sender.js';

interface EnabledEndpoint {
  id: string;
  organization_id: string;
  url: string;
  event_types: string[] | null;
  secret_ciphertext: Buffer;
}

/**
 * Every enabled webhook endpoint as a subscriber of the outbox log, asked for again on each poll.
 * A delivery is a signed POST (Standard Webhooks); each attempt goes to the deliveries log
 * (WebhookAttemptLog, which also disables an endpoint that keeps failing).
 */
@Injectable()
export class WebhookSubscribers implements EventSubscriberSource {
  /** Signers by endpoint id and secret ciphertext, so that a rotation is seen on the next poll. */
  private readonly signers = new Map<string, { box: Buffer; sign: WebhookSigner }>();
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly allowPrivateNetworks: boolean;

  constructor(
    private readonly sql: Sql,
    private readonly box: SecretBox,
    private readonly events: PublicEvents,
    private readonly attempts: WebhookAttemptLog,
    config: ConfigService<Environment, true>,
    private readonly sender: WebhookSender,
  ) {
    this.timeoutMs = config.get('WEBHOOK_TIMEOUT_MS', { infer: true });
    this.concurrency = config.get('WEBHOOK_CONCURRENCY', { infer: true });
    this.allowPrivateNetworks = config.get('WEBHOOK_ALLOW_PRIVATE_NETWORKS', { infer: true });
  }

  async subscribers(): Promise<EventSubscriber[]> {
    const rows = await this.sql.rows<EnabledEndpoint>({
      text: 'SELECT id, organization_id, url, event_types, secret_ciphertext FROM webhook_endpoints WHERE NOT disabled',
      values: [],
    });
    // Endpoints deleted or disabled since the last poll: their signers go with them.
    const enabled = new Set(rows.map((row) => row.id));
    for (const id of this.signers.keys()) if (!enabled.has(id)) this.signers.delete(id);
    return Promise.all(rows.map(async (row) => this.subscriberOf(row, await this.signerOf(row))));
  }

  private async signerOf(row: EnabledEndpoint): Promise<WebhookSigner> {
    const known = this.signers.get(row.id);
    if (known?.box.equals(row.secret_ciphertext)) return known.sign;
    const sign = webhookSigner(await this.box.open(row.secret_ciphertext));
    this.signers.set(row.id, { box: row.secret_ciphertext, sign });
    return sign;
  }

  private subscriberOf(endpoint: EnabledEndpoint, sign: WebhookSigner): EventSubscriber {
    const types = this.events.storedTypes(endpoint.event_types ?? this.events.publicTypes()) ?? [];
    return {
      name: subscriberName(endpoint.id),
      filter: { organizationId: endpoint.organization_id, types },
      // The HTTP attempt gives up at WEBHOOK_TIMEOUT_MS; the engine's timeout is only a backstop.
      timeoutMs: this.timeoutMs + 1000,
      concurrency: this.concurrency,
      deliver: (event, signal) => this.deliver(endpoint, sign, event, signal),
    };
  }

  private async deliver(
    endpoint: EnabledEndpoint,
    sign: WebhookSigner,
    event: LoggedEvent,
    signal: AbortSignal,
  ): Promise<void> {
    const shown = this.events.render(event, endpoint.organization_id);
    const body = JSON.stringify({ type: shown.type, timestamp: event.occurredAt.toISOString(), data: shown });
    const attemptedAt = new Date();
    const response = await this.sender.post(
      endpoint.url,
      {
        'content-type': 'application/json',
        'user-agent': 'instances-api-webhooks',
        ...sign(event.id, attemptedAt, body),
      },
      body,
      {
        allowPrivateNetworks: this.allowPrivateNetworks,
        timeoutMs: this.timeoutMs,
        signal,
      },
    );
    this.attempts.add({
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: this.events.publicType(event.type) ?? event.type,
      attemptedAt,
      status: response.status,
      durationMs: response.durationMs,
      excerpt: response.excerpt,
      error: response.error ?? null,
    });
    if (response.error) throw new Error(response.error);
  }
}
