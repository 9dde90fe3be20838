import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One `Idempotency-Key` a partner sent with a POST: the request's fingerprint and, once answered,
 * the response replayed to every retry until the key expires.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyKeyEntity {
  /** `partner:<id>` (or `admin`): keys are scoped per caller, never shared across partners. */
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('varchar', { length: 255 })
  key!: string;

  /** SHA-256 of method, URL and canonical JSON body: the same key with another request is refused. */
  @Column('char', { length: 64 })
  fingerprint!: string;

  /** Null while the first request is still being served. */
  @Column('smallint', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  @Column('jsonb', { name: 'response_headers', nullable: true })
  responseHeaders!: Record<string, string> | null;

  @Column('text', { name: 'response_body', nullable: true })
  responseBody!: string | null;

  /** The request holding the key; a takeover of an abandoned key gives it a new token (fencing). */
  @Column('uuid', { nullable: true })
  token!: string | null;

  /** Set in the transaction of the key's work: once set, the work is never run again for this key. */
  @Column('timestamptz', { name: 'committed_at', nullable: true })
  committedAt!: Date | null;

  /**
   * When the request holding the key started; an in-progress key older than a minute whose work
   * has not committed is abandoned.
   */
  @Column('timestamptz', { name: 'locked_at', nullable: true })
  lockedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
