import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { Sql } from '../database/sql.js';
import type { Environment } from '../../config/environment.js';
import { ProblemException } from '../http/problem.exception.js';
import type { Work } from '../outbox/work.js';

/** A response stored under a key, replayed as it was first sent. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string | null;
}

/** Which request holds a key: its token fences off a request whose key was taken over. */
export interface Claim {
  scope: string;
  key: string;
  token: string;
}

export type ClaimOutcome =
  | { kind: 'claimed'; claim: Claim }
  | { kind: 'completed'; fingerprint: string; response: StoredResponse }
  /** `committed`: its work committed; `abandoned`: held too long (the holder crashed, or is very slow). */
  | { kind: 'in-progress'; fingerprint: string; committed: boolean; abandoned: boolean };

/** The holder of a key lost it (taken over after ABANDONED_AFTER_SECONDS): its work must not commit. */
const takenOver = (): ProblemException =>
  ProblemException.of(
    409,
    'This request took too long: a retry with its Idempotency-Key took over and runs instead. This one changed nothing.',
  );

/**
 * A key whose request has held it this long without its work committing is taken to be abandoned
 * (a crash): a retry may run the work. A slow request that is still running then cannot commit
 * (fencing token), so the work never runs twice.
 */
const ABANDONED_AFTER_SECONDS = 60;
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** Keys answered or given back are announced here, so that waiting retries need not poll. */
const SETTLED_CHANNEL = 'idempotency_key_settled';
const RECONNECT_MS = 1000;

interface KeyRow {
  fingerprint: string;
  status_code: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  committed: boolean;
  abandoned: boolean;
}

/** Idempotency keys in PostgreSQL, so that every replica sees the same keys and they survive restarts. */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyStore.name);
  private readonly ttlHours: number;
  private timer?: NodeJS.Timeout;
  private readonly waiters = new Map<string, Set<() => void>>();
  private listener?: pg.Client;
  private reconnect?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
    config: ConfigService<Environment, true>,
  ) {
    this.ttlHours = config.get('IDEMPOTENCY_KEY_TTL_HOURS', { infer: true });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => void this.purgeExpired(), PURGE_EVERY_MS);
    this.timer.unref();
    void this.purgeExpired();
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.reconnect);
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Takes the key for this request in one statement: a new key, an expired one or an abandoned one
   * (held too long, its work not committed) becomes ours, with a fresh token; otherwise the row
   * that holds it tells whether to replay, refuse or wait.
   */
  async claim(scope: string, key: string, fingerprint: string, attempt = 1): Promise<ClaimOutcome> {
    const token = randomUUID();
    const claimed = await this.sql.rows({
      text: `INSERT INTO idempotency_keys AS k (scope, key, fingerprint, token, locked_at, created_at, expires_at)
       VALUES ($1, $2, $3, $6, now(), now(), now() + make_interval(hours => $4))
       ON CONFLICT (scope, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, token = EXCLUDED.token, locked_at = now(), created_at = now(),
              expires_at = EXCLUDED.expires_at, status_code = NULL, response_headers = NULL, response_body = NULL,
              committed_at = NULL
        WHERE k.expires_at < now()
           OR (k.status_code IS NULL AND k.committed_at IS NULL AND k.locked_at < now() - make_interval(secs => $5))
       RETURNING 1`,
      values: [scope, key, fingerprint, this.ttlHours, ABANDONED_AFTER_SECONDS, token],
    });
    if (claimed.length > 0) return { kind: 'claimed', claim: { scope, key, token } };
    const row = await this.find(scope, key);
    // Released (the first request failed with a 5xx) between the two statements: try again.
    if (!row) {
      if (attempt >= 5) throw new Error('Idempotency key could not be claimed');
      return this.claim(scope, key, fingerprint, attempt + 1);
    }
    if (row.status_code === null) {
      return { kind: 'in-progress', fingerprint: row.fingerprint, committed: row.committed, abandoned: row.abandoned };
    }
    return {
      kind: 'completed',
      fingerprint: row.fingerprint,
      response: { statusCode: row.status_code, headers: row.response_headers ?? {}, body: row.response_body },
    };
  }

  /**
   * In the work's own transaction, just before it commits: the key's work has committed. Throws
   * when the key was taken over meanwhile, which rolls the work back.
   */
  async markCommitted(work: Work, claim: Claim): Promise<void> {
    const marked = await work.rows({
      text: `UPDATE idempotency_keys SET committed_at = coalesce(committed_at, now())
              WHERE scope = $1 AND key = $2 AND token = $3 RETURNING 1`,
      values: [claim.scope, claim.key, claim.token],
    });
    if (marked.length === 0) throw takenOver();
  }

  async complete(claim: Claim, response: StoredResponse): Promise<void> {
    await this.sql.rows({
      text: `WITH done AS (
         UPDATE idempotency_keys SET status_code = $4, response_headers = $5, response_body = $6, locked_at = NULL
          WHERE scope = $1 AND key = $2 AND token = $3 RETURNING 1)
       SELECT pg_notify($7, $8) FROM done`,
      values: [
        claim.scope,
        claim.key,
        claim.token,
        response.statusCode,
        JSON.stringify(response.headers),
        response.body,
        SETTLED_CHANNEL,
        channelKey(claim.scope, claim.key),
      ],
    });
  }

  /**
   * Gives the key back after a failure the client may retry (5xx), unless its work committed: a key
   * whose work may have committed is never run again.
   */
  async release(claim: Claim): Promise<void> {
    await this.sql.rows({
      text: `WITH released AS (
         DELETE FROM idempotency_keys
          WHERE scope = $1 AND key = $2 AND token = $3 AND status_code IS NULL AND committed_at IS NULL RETURNING 1)
       SELECT pg_notify($4, $5) FROM released`,
      values: [claim.scope, claim.key, claim.token, SETTLED_CHANNEL, channelKey(claim.scope, claim.key)],
    });
  }

  /**
   * Resolves when the key is announced as answered or given back, or after `timeoutMs` (a holder
   * that crashed announces nothing; a missed notification costs at most the timeout).
   */
  settled(scope: string, key: string, timeoutMs: number): Promise<void> {
    const id = channelKey(scope, key);
    return new Promise((resolve) => {
      const waiters = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  async purgeExpired(): Promise<void> {
    try {
      await this.sql.rows({ text: 'DELETE FROM idempotency_keys WHERE expires_at < now()', values: [] });
    } catch (error) {
      this.logger.warn(`Expired idempotency keys not purged: ${(error as Error).message}`);
    }
  }

  private async find(scope: string, key: string): Promise<KeyRow | undefined> {
    const rows = await this.sql.rows<KeyRow>({
      text: `SELECT fingerprint, status_code, response_headers, response_body, committed_at IS NOT NULL AS committed,
              locked_at < now() - make_interval(secs => $3) AS abandoned
         FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at >= now()`,
      values: [scope, key, ABANDONED_AFTER_SECONDS],
    });
    return rows[0];
  }

  /** One listening connection per process; lost, it reconnects (waiters fall back on their timeouts). */
  private async listen(): Promise<void> {
    const { url } = this.dataSource.options as { url?: string };
    const client = new pg.Client({ connectionString: url, application_name: 'instances-api-idempotency' });
    client.on('notification', ({ payload }) => {
      for (const done of [...(this.waiters.get(payload ?? '') ?? [])]) done();
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${SETTLED_CHANNEL}`);
    } catch (error) {
      this.logger.warn(`Not listening for settled idempotency keys: ${(error as Error).message}`);
      this.lost(client);
    }
  }

  private lost(client: pg.Client): void {
    if (this.listener !== client || this.stopped) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.reconnect.unref();
  }
}

/** The notification payload naming a key (at most ~300 bytes: within pg_notify's 8000). */
function channelKey(scope: string, key: string): string {
  return `${scope}\n${key}`;
}
