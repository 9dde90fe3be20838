import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { PublicEvents } from '../../events/index.js';
import { Sql } from '../../shared/database/sql.js';
import type { EventSubscriber, EventSubscriberSource, LoggedEvent } from '../../shared/outbox/event-subscriber.js';
import { signatureHeaders } from '../domain/signature.js';
import { subscriberName } from '../domain/webhook-endpoint.js';
import { SecretBox } from './secret-box.js';
import { WebhookAttemptLog } from './webhook-attempt-log.js';
import { postWebhook } from './webhook-sender.js';

/** Instances of one endpoint delivered side by side (each instance's events one by one). */
const CONCURRENCY = 4;

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
  /** Decrypted secrets by endpoint id and ciphertext, so that a rotation is seen on the next poll. */
  private readonly secrets = new Map<string, { box: Buffer; secret: string }>();

  constructor(
    private readonly sql: Sql,
    private readonly box: SecretBox,
    private readonly events: PublicEvents,
    private readonly attempts: WebhookAttemptLog,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async subscribers(): Promise<EventSubscriber[]> {
    const rows = await this.sql.rows<EnabledEndpoint>({
      text: 'SELECT id, organization_id, url, event_types, secret_ciphertext FROM webhook_endpoints WHERE NOT disabled',
      values: [],
    });
    return Promise.all(rows.map(async (row) => this.subscriberOf(row, await this.secretOf(row))));
  }

  private async secretOf(row: EnabledEndpoint): Promise<string> {
    const known = this.secrets.get(row.id);
    if (known?.box.equals(row.secret_ciphertext)) return known.secret;
    const secret = await this.box.open(row.secret_ciphertext);
    this.secrets.set(row.id, { box: row.secret_ciphertext, secret });
    return secret;
  }

  private subscriberOf(endpoint: EnabledEndpoint, secret: string): EventSubscriber {
    const timeoutMs = this.config.get('WEBHOOK_TIMEOUT_MS', { infer: true });
    const types = this.events.storedTypes(endpoint.event_types ?? this.events.publicTypes()) ?? [];
    return {
      name: subscriberName(endpoint.id),
      filter: { organizationId: endpoint.organization_id, types },
      // The HTTP attempt gives up at WEBHOOK_TIMEOUT_MS; the engine's timeout is only a backstop.
      timeoutMs: timeoutMs + 1000,
      concurrency: CONCURRENCY,
      deliver: (event, signal) => this.deliver(endpoint, secret, event, signal, timeoutMs),
    };
  }

  private async deliver(
    endpoint: EnabledEndpoint,
    secret: string,
    event: LoggedEvent,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<void> {
    const shown = this.events.render(event, endpoint.organization_id);
    const body = JSON.stringify({ type: shown.type, timestamp: event.occurredAt.toISOString(), data: shown });
    const attemptedAt = new Date();
    const response = await postWebhook(
      endpoint.url,
      {
        'content-type': 'application/json',
        'user-agent': 'instances-api-webhooks',
        ...signatureHeaders(secret, event.id, attemptedAt, body),
      },
      body,
      {
        allowPrivateNetworks: this.config.get('WEBHOOK_ALLOW_PRIVATE_NETWORKS', { infer: true }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
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
