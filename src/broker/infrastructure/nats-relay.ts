import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Environment } from '../../config/environment.js';
import { PublicEvents } from '../../events/index.js';
import type { EventSubscriber, EventSubscriberSource, LoggedEvent } from '../../shared/outbox/event-subscriber.js';
import { type CloudEvent, subjectOf } from './cloud-event.js';

/** JetStream drops a message whose Nats-Msg-Id it saw within this window (retries come well within it). */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
const PUBLISH_TIMEOUT_MS = 5000;

/**
 * With NATS_URL set, the broker relay is one more subscriber of the outbox log: every public event
 * is published to JetStream on `<NATS_SUBJECT_PREFIX>.<type>` as a CloudEvents 1.0 JSON message with
 * `Nats-Msg-Id` = event id, and counts as delivered only once JetStream acknowledged it. The stream
 * (NATS_STREAM) is created if missing. Unset: nothing connects, nothing is needed.
 */
@Injectable()
export class NatsRelay implements EventSubscriberSource, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NatsRelay.name);
  private connection?: NatsConnection;
  private client?: Promise<JetStreamClient>;

  constructor(
    private readonly events: PublicEvents,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  subscribers(): EventSubscriber[] {
    if (!this.config.get('NATS_URL', { infer: true })) return [];
    return [
      {
        name: 'nats',
        filter: { types: this.events.storedTypes(this.events.publicTypes()) ?? [] },
        timeoutMs: PUBLISH_TIMEOUT_MS * 2,
        concurrency: 64,
        deliver: (event) => this.publish(event),
      },
    ];
  }

  onApplicationBootstrap(): void {
    if (this.config.get('NATS_URL', { infer: true })) void this.jetStream().catch(() => undefined);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }

  private async publish(event: LoggedEvent): Promise<void> {
    const shown = this.events.render(event, event.organizationId);
    const data = shown.data as { id?: string };
    const message: CloudEvent = {
      specversion: '1.0',
      id: event.id,
      source: this.config.get('EVENTS_SOURCE', { infer: true }),
      type: shown.type as string,
      time: event.occurredAt.toISOString(),
      subject: data.id ?? event.aggregateId,
      datacontenttype: 'application/json',
      organizationid: event.organizationId,
      data: shown,
    };
    const js = await this.jetStream();
    const prefix = this.config.get('NATS_SUBJECT_PREFIX', { infer: true });
    await js.publish(subjectOf(prefix, message.type), JSON.stringify(message), {
      msgID: event.id,
      timeout: PUBLISH_TIMEOUT_MS,
    });
  }

  /** Connects (reconnecting forever) and makes sure the stream exists; retried on the next delivery if it failed. */
  private jetStream(): Promise<JetStreamClient> {
    this.client ??= this.open().catch((error: unknown) => {
      this.client = undefined;
      this.logger.warn(`NATS not reachable: ${(error as Error).message}`);
      throw error;
    });
    return this.client;
  }

  private async open(): Promise<JetStreamClient> {
    this.connection ??= await connect({
      servers: this.config.get('NATS_URL', { infer: true }),
      name: 'instances-api',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const manager = await jetstreamManager(this.connection);
    const stream = this.config.get('NATS_STREAM', { infer: true });
    const subjects = [`${this.config.get('NATS_SUBJECT_PREFIX', { infer: true })}.>`];
    try {
      await manager.streams.info(stream);
    } catch {
      await manager.streams.add({ name: stream, subjects, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
      this.logger.log(`Created JetStream stream ${stream} (${subjects.join(', ')})`);
    }
    return jetstream(this.connection);
  }
}
