import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { Environment } from '../../config/environment.js';

/** A response stored under a key, replayed as it was first sent. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string | null;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'completed'; fingerprint: string; response: StoredResponse }
  | { kind: 'in-progress'; fingerprint: string };

/** A key whose request has held it this long without answering is taken to be abandoned (a crash). */
const ABANDONED_AFTER_SECONDS = 60;
const PURGE_EVERY_MS = 60 * 60 * 1000;

interface KeyRow {
  fingerprint: string;
  status_code: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

/** Idempotency keys in PostgreSQL, so that every replica sees the same keys and they survive restarts. */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyStore.name);
  private readonly ttlHours: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    config: ConfigService<Environment, true>,
  ) {
    this.ttlHours = config.get('IDEMPOTENCY_KEY_TTL_HOURS', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purgeExpired(), PURGE_EVERY_MS);
    this.timer.unref();
    void this.purgeExpired();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Takes the key for this request in one statement: a new key, an expired one or an abandoned one
   * becomes ours; otherwise the row that holds it tells whether to replay, refuse or wait.
   */
  async claim(scope: string, key: string, fingerprint: string, attempt = 1): Promise<ClaimOutcome> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys AS k (scope, key, fingerprint, locked_at, created_at, expires_at)
       VALUES ($1, $2, $3, now(), now(), now() + make_interval(hours => $4))
       ON CONFLICT (scope, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, locked_at = now(), created_at = now(),
              expires_at = EXCLUDED.expires_at, status_code = NULL, response_headers = NULL, response_body = NULL
        WHERE k.expires_at < now()
           OR (k.status_code IS NULL AND k.locked_at < now() - make_interval(secs => $5))
       RETURNING 1`,
      [scope, key, fingerprint, this.ttlHours, ABANDONED_AFTER_SECONDS],
    );
    if (claimed.length > 0) return { kind: 'claimed' };
    const row = await this.find(scope, key);
    // Released (the first request failed with a 5xx) between the two statements: try again.
    if (!row) {
      if (attempt >= 5) throw new Error('Idempotency key could not be claimed');
      return this.claim(scope, key, fingerprint, attempt + 1);
    }
    if (row.status_code === null) return { kind: 'in-progress', fingerprint: row.fingerprint };
    return {
      kind: 'completed',
      fingerprint: row.fingerprint,
      response: { statusCode: row.status_code, headers: row.response_headers ?? {}, body: row.response_body },
    };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $3, response_headers = $4, response_body = $5, locked_at = NULL
        WHERE scope = $1 AND key = $2`,
      [scope, key, response.statusCode, JSON.stringify(response.headers), response.body],
    );
  }

  /** Gives the key back after a failure the client may retry (5xx): nothing is replayed for it. */
  async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL', [
      scope,
      key,
    ]);
  }

  async purgeExpired(): Promise<void> {
    try {
      await this.dataSource.query('DELETE FROM idempotency_keys WHERE expires_at < now()');
    } catch (error) {
      this.logger.warn(`Expired idempotency keys not purged: ${(error as Error).message}`);
    }
  }

  private async find(scope: string, key: string): Promise<KeyRow | undefined> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT fingerprint, status_code, response_headers, response_body
         FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at >= now()`,
      [scope, key],
    );
    return rows[0];
  }
}
