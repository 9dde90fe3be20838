import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { Sql } from './sql.js';

const CHANNEL = 'cache_invalidation';
const ACK_CHANNEL = 'cache_invalidation_ack';
/** Listening connections are named `instances-api-listener:<token>`, one token per process. */
const LISTENER_PREFIX = 'instances-api-listener:';
const LISTENER_NAME = /^instances-api-listener:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const RECONNECT_MS = 1000;
/** How long a change waits for the replicas to confirm; a silent one falls back on its cache TTL. */
const ACK_TIMEOUT_MS = 1000;

interface Subscriber {
  /** One entry became stale (a key was revoked, a membership changed). */
  forget(id: string): void;
  /** Invalidations may have been missed (the listening connection was lost): drop everything. */
  reset(): void;
}

interface PendingAck {
  /** The listeners (by token) that have not confirmed yet. */
  waitingFor: Set<string>;
  done(): void;
}

/**
 * Tells every replica's in-memory caches that an entry is stale, through PostgreSQL LISTEN/NOTIFY
 * on a connection of each replica's own, and waits until every listening replica has confirmed
 * that it dropped the entry: when a revocation answers, no replica serves the key from its cache.
 * A replica that loses its listening connection empties its caches when it listens again, so what
 * it cached meanwhile lives no longer than the outage (and never longer than the cache TTL).
 */
@Injectable()
export class CacheInvalidation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CacheInvalidation.name);
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly pending = new Map<string, PendingAck>();
  /** This process's listener: its connection's name and the signature of its confirmations. */
  private readonly token = randomUUID();
  private client?: pg.Client;
  private reconnect?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  subscribe(topic: string, subscriber: Subscriber): void {
    this.subscribers.set(topic, subscriber);
  }

  /** Sends the invalidation to every replica, this one included, and waits for their confirmations. */
  async publish(topic: string, id: string): Promise<void> {
    const nonce = randomUUID();
    try {
      // The listeners are the connections named with a token, each confirming under its own token:
      // another connection that merely shares a name neither counts nor confirms for one.
      const sessions = await this.sql.rows<{ name: string }>({
        text: `SELECT application_name AS name FROM pg_stat_activity
                WHERE starts_with(application_name, $1) AND datname = current_database()`,
        values: [LISTENER_PREFIX],
      });
      const listeners = new Set(sessions.flatMap(({ name }) => LISTENER_NAME.exec(name)?.[1] ?? []));
      if (listeners.size === 0) return;
      const confirmed = new Promise<void>((done) => this.pending.set(nonce, { waitingFor: listeners, done }));
      await this.sql.rows({
        text: 'SELECT pg_notify($1, $2)',
        values: [CHANNEL, JSON.stringify({ topic, id, nonce })],
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((done) => (timer = setTimeout(() => done(true), ACK_TIMEOUT_MS)));
      if (await Promise.race([confirmed.then(() => false), timedOut])) {
        this.logger.warn(`Not every replica confirmed a ${topic} invalidation; it relies on the cache TTL`);
      }
      clearTimeout(timer);
    } catch (error) {
      // Other replicas fall back on the cache TTL; this one has already forgotten the entry.
      this.logger.warn(`Cache invalidation not sent: ${(error as Error).message}`);
    } finally {
      this.pending.delete(nonce);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const { url } = this.dataSource.options as { url?: string };
    const client = new pg.Client({ connectionString: url, application_name: `${LISTENER_PREFIX}${this.token}` });
    client.on('notification', ({ channel, payload }) => this.received(client, channel, payload ?? ''));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}; LISTEN ${ACK_CHANNEL}`);
      for (const subscriber of this.subscribers.values()) subscriber.reset();
    } catch (error) {
      this.logger.warn(`Not listening for cache invalidations: ${(error as Error).message}`);
      this.lost(client);
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    for (const subscriber of this.subscribers.values()) subscriber.reset();
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.reconnect.unref();
  }

  private received(client: pg.Client, channel: string, payload: string): void {
    if (channel === ACK_CHANNEL) {
      const [nonce, token] = payload.split(' ');
      const pending = this.pending.get(nonce);
      if (pending?.waitingFor.delete(token) && pending.waitingFor.size === 0) pending.done();
      return;
    }
    let message: { topic: string; id: string; nonce: string };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      this.logger.warn('Malformed cache invalidation ignored');
      return;
    }
    this.subscribers.get(message.topic)?.forget(message.id);
    client
      .query('SELECT pg_notify($1, $2)', [ACK_CHANNEL, `${message.nonce} ${this.token}`])
      .catch(() => this.lost(client));
  }
}
