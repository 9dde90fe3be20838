import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/**
 * Every environment variable the service reads, with its default. `.env.example` documents the same
 * list; `loadEnvironment` refuses to start on the first invalid value.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** External PostgreSQL; when unset an embedded server is started. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 54329;

  @IsString()
  EMBEDDED_POSTGRES_DATA_DIR = '.data/postgres';

  /** At least 2: event delivery and requests share the pool (no connection is held while a subscriber runs). */
  @Transform(toInteger)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** How long a request waits for a database connection before it answers 503. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** Operator key for /api/admin; the admin routes answer 404 while it is unset. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  ADMIN_API_KEY?: string;

  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** How long an API-key lookup or a membership check may be served from memory. 0 disables it. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60000)
  AUTH_CACHE_TTL_MS = 2000;

  /** How often the outbox relay looks for events that were not published right after commit. */
  @Transform(toInteger)
  @IsInt()
  @Min(50)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  /** How long the outbox relay waits for one event handler before it counts as failed (retried later). */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  OUTBOX_HANDLER_TIMEOUT_MS = 30000;

  /** How long a replica's claim on a subscriber's deliveries lasts unless renewed (it renews every third of it). */
  @Transform(toInteger)
  @IsInt()
  @Min(300)
  EVENT_DELIVERY_LEASE_MS = 10000;

  /** Attempts per event and subscriber before the delivery is dead; with the backoff below, about a day. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  EVENT_DELIVERY_MAX_ATTEMPTS = 35;

  /** Wait after the first failed attempt; doubled after each further one. */
  @Transform(toInteger)
  @IsInt()
  @Min(10)
  EVENT_DELIVERY_BACKOFF_MS = 1000;

  /** Longest wait between two attempts. */
  @Transform(toInteger)
  @IsInt()
  @Min(10)
  EVENT_DELIVERY_MAX_BACKOFF_MS = 3_600_000;

  /**
   * Lets webhook URLs use `http` and any address, loopback and private networks included: for
   * development and tests only, never in production (it opens the service to SSRF).
   */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  /** How long a webhook endpoint has to answer 2xx. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 15000;

  /** An endpoint whose deliveries have failed for this long without one success is disabled. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_HOURS = 72;

  /**
   * Key (32+ characters) that encrypts the webhook signing secrets at rest. Unset: a random key is
   * kept in the database, which protects nothing against someone who reads the database.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  WEBHOOK_SECRET_KEY?: string;

  /** NATS server with JetStream (e.g. nats://127.0.0.1:4222); every event is published there. Unset: no broker. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  NATS_URL?: string;

  /** The JetStream stream holding the events (subjects `<NATS_SUBJECT_PREFIX>.>`); created if missing. */
  @IsString()
  @MinLength(1)
  NATS_STREAM = 'INSTANCES_EVENTS';

  /** Subjects are `<prefix>.<event type>`, e.g. `instances.events.instance.created`. */
  @IsString()
  @MinLength(1)
  NATS_SUBJECT_PREFIX = 'instances.events';

  /** The CloudEvents `source` of the events this service publishes. */
  @IsString()
  @MinLength(1)
  EVENTS_SOURCE = 'urn:instances-api';

  /** Requests one API key (or, without a key, one client address) may make per minute. 0 turns it off. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Redis shared by every replica for the rate-limit counters; unset keeps them in this process. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RATE_LIMIT_REDIS_URL?: string;

  /** Prefix of the rate-limit keys in Redis, so that several deployments can share one Redis. */
  @IsString()
  @MinLength(1)
  RATE_LIMIT_REDIS_PREFIX = 'instances-api:rate-limit:';

  /** Comma-separated origins allowed by CORS (`*` for any); unset or empty turns CORS off. */
  @IsString()
  CORS_ORIGINS = '';

  /** How long an `Idempotency-Key` and its stored response are kept (hours, at least 24). */
  @Transform(toInteger)
  @IsInt()
  @Min(24)
  IDEMPOTENCY_KEY_TTL_HOURS = 24;
}

export class InvalidEnvironmentError extends Error {}

/** Variables whose values are secrets: an error names them but never prints their value. */
const SECRET_VARIABLES = new Set([
  'ADMIN_API_KEY',
  'DATABASE_URL',
  'RATE_LIMIT_REDIS_URL',
  'WEBHOOK_SECRET_KEY',
  'NATS_URL',
]);

export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const known = Object.keys(new Environment());
  const relevant = Object.fromEntries(
    Object.entries(source).filter(([key]) => known.includes(key) || SECRET_VARIABLES.has(key)),
  );
  const environment = plainToInstance(Environment, relevant);
  const [first] = validateSync(environment, { forbidUnknownValues: false });
  if (first) {
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const shown = SECRET_VARIABLES.has(first.property) ? '' : `=${JSON.stringify(first.value)}`;
    throw new InvalidEnvironmentError(`Invalid environment variable ${first.property}${shown}: ${reason}`);
  }
  return environment;
}
