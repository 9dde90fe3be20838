import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  Matches,
  ValidateBy,
  type ValidationArguments,
  type ValidationError,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** An integer variable in [min, max]; a value that is no number at all is told so, not that it is too big. */
function Integer(min: number, max?: number): PropertyDecorator {
  const expected = max === undefined ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  const decorators = [
    Transform(toInteger),
    IsInt({
      message: ({ value }: ValidationArguments) =>
        `${typeof value === 'string' && /^-?\d*\.\d+$/.test(value) ? 'is not a whole number' : 'is not a number'}: expected ${expected}`,
    }),
    Min(min, { message: `is too small: expected ${expected}` }),
    ...(max === undefined ? [] : [Max(max, { message: `is too large: expected ${expected}` })]),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

const oneOf = (values: readonly string[]) => IsIn(values, { message: `must be one of ${values.join(', ')}` });
const BOOLEAN = { message: 'must be true or false (or 1 or 0)' };

/** A URL of one of `schemes` naming a host (or, for PostgreSQL, a `?host=` socket directory). */
function UrlOf(schemes: string[], example: string): PropertyDecorator {
  return ValidateBy({
    name: 'urlOf',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !URL.canParse(value)) return false;
        const url = new URL(value);
        return schemes.includes(url.protocol) && (url.hostname !== '' || url.searchParams.has('host'));
      },
      defaultMessage: () => `is not a valid URL: expected ${example}`,
    },
  });
}

/**
 * Every environment variable the service reads, with its default. `.env.example` documents the same
 * list; `loadEnvironment` refuses to start while any value is invalid, naming each one.
 */
export class Environment {
  @oneOf(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Integer(0, 65535)
  PORT = 3000;

  /** Unset: 127.0.0.1 in development (a laptop does not expose the demo key's data), 0.0.0.0 otherwise. */
  @IsString()
  HOST = '';

  /** How long a client may take to send a whole request (line, headers and body); then 408 and closed. */
  @Integer(100)
  HTTP_REQUEST_TIMEOUT_MS = 10000;

  /** How long an idle kept-alive connection stays open. */
  @Integer(100)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5000;

  /** Connections served at once; further ones are closed as they arrive. */
  @Integer(1)
  HTTP_MAX_CONNECTIONS = 1000;

  /** External PostgreSQL; when unset an embedded server is started. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @UrlOf(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/database')
  DATABASE_URL?: string;

  @Integer(1024, 65535)
  EMBEDDED_POSTGRES_PORT = 54329;

  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  EMBEDDED_POSTGRES_DATA_DIR = '.data/postgres';

  /**
   * Connections in each of the two pools: TypeORM's, for requests and the delivery engine's
   * bookkeeping (at least 2: no connection is held while a subscriber runs), and the one of the
   * prepared hot-path statements, the delivery engine's reads among them (Sql: planned once per
   * session).
   */
  @Integer(2, 200)
  DATABASE_POOL_SIZE = 10;

  /** How long a request waits for a database connection before it answers 503. */
  @Integer(100)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  /** How long one statement may run or wait for a lock before it is cancelled (the request answers 503). */
  @Integer(100)
  DATABASE_QUERY_TIMEOUT_MS = 5000;

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  MIGRATIONS_RUN = true;

  /** Operator key for /api/admin; the admin routes answer 404 while it is unset. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters long' })
  ADMIN_API_KEY?: string;

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  SEED_DEMO = true;

  @oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** How long an API-key lookup or a membership check may be served from memory. 0 disables it. */
  @Integer(0, 60000)
  AUTH_CACHE_TTL_MS = 2000;

  /** How often the outbox relay looks for events that were not published right after commit. */
  @Integer(50)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  /** How long the outbox relay waits for one event handler before it counts as failed (retried later). */
  @Integer(100)
  OUTBOX_HANDLER_TIMEOUT_MS = 30000;

  /** How long a replica's claim on a subscriber's deliveries lasts unless renewed (it renews every third of it). */
  @Integer(300)
  EVENT_DELIVERY_LEASE_MS = 10000;

  /** Attempts per event and subscriber before the delivery is dead; with the backoff below, about a day. */
  @Integer(1)
  EVENT_DELIVERY_MAX_ATTEMPTS = 35;

  /** Wait after the first failed attempt; doubled after each further one. */
  @Integer(10)
  EVENT_DELIVERY_BACKOFF_MS = 1000;

  /** Longest wait between two attempts. */
  @Integer(10)
  EVENT_DELIVERY_MAX_BACKOFF_MS = 3_600_000;

  /** How long delivery to a subscriber pauses once most of its recent attempts failed; then one attempt probes it. */
  @Integer(10)
  EVENT_DELIVERY_PAUSE_MS = 5000;

  /**
   * Lets webhook URLs use `http` and any address, loopback and private networks included: for
   * development and tests only, never in production (it opens the service to SSRF).
   */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

  /** How long a webhook endpoint has to answer 2xx. */
  @Integer(100)
  WEBHOOK_TIMEOUT_MS = 15000;

  /** An endpoint whose deliveries have failed for this long without one success is disabled. */
  @Integer(1)
  WEBHOOK_DISABLE_AFTER_HOURS = 72;

  /**
   * Deliveries in flight per endpoint (different instances side by side; one instance's events stay
   * in order). An endpoint's throughput is this many over its round trip, which includes the wait
   * for this service's busy event loop.
   */
  @Integer(1, 256)
  WEBHOOK_CONCURRENCY = 32;

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
  @UrlOf(['nats:', 'tls:'], 'nats://host:4222')
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
  @Integer(0)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Failed authentications one client address may make per minute before it gets 429s. 0 turns it off. */
  @Integer(0)
  AUTH_FAILURES_PER_MINUTE = 30;

  /** Redis shared by every replica for the rate-limit counters; unset keeps them in this process. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @UrlOf(['redis:', 'rediss:'], 'redis://host:6379')
  RATE_LIMIT_REDIS_URL?: string;

  /** Prefix of the rate-limit keys in Redis, so that several deployments can share one Redis. */
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  RATE_LIMIT_REDIS_PREFIX = 'instances-api:rate-limit:';

  /** Comma-separated origins allowed by CORS (`*` for any); unset or empty turns CORS off. */
  @IsString()
  CORS_ORIGINS = '';

  /** How long an `Idempotency-Key` and its stored response are kept (hours, at least 24). */
  @Integer(24)
  IDEMPOTENCY_KEY_TTL_HOURS = 24;

  /**
   * The service's public base URL: the OAuth issuer and every URL of its metadata come from it,
   * never from a request's Host header. Unset: `http://localhost:<PORT>`.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, {
    message:
      'is not a valid URL: expected an absolute http(s) URL without query or fragment, e.g. https://api.example.com',
  })
  PUBLIC_URL?: string;

  /** The `aud` of access tokens and what the API requires of them. Unset: `<PUBLIC_URL>/api`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  OAUTH_AUDIENCE?: string;

  /** Lifetime of an access token (seconds). */
  @Integer(1, 86400)
  OAUTH_ACCESS_TOKEN_TTL_SECONDS = 900;

  /** How long one signing key signs before the next takes over (seconds; 30 days by default). */
  @Integer(1)
  OAUTH_SIGNING_KEY_ROTATION_SECONDS = 2_592_000;

  /**
   * Encrypts the signing keys kept in the database (AES-256-GCM, key derived with HKDF). Unset:
   * a built-in development secret, refused when NODE_ENV=production.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters long' })
  OAUTH_KEY_ENCRYPTION_SECRET?: string;

  /** How long an integration's previous secret keeps working after a rotation (hours). */
  @Integer(0, 720)
  OAUTH_PREVIOUS_SECRET_TTL_HOURS = 24;

  /** How long an invitation into an organization can be accepted (days). */
  @Integer(1, 90)
  INVITATION_TTL_DAYS = 7;

  /** Invitations one organization may create per hour (all replicas together). */
  @Integer(1)
  INVITATIONS_PER_ORGANIZATION_PER_HOUR = 50;
}

/** PUBLIC_URL without a trailing slash, or its default. */
export function publicUrlOf(env: Pick<Environment, 'PUBLIC_URL' | 'PORT'>): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}

/** The audience access tokens carry and the API requires. */
export function oauthAudienceOf(env: Pick<Environment, 'PUBLIC_URL' | 'PORT' | 'OAUTH_AUDIENCE'>): string {
  return env.OAUTH_AUDIENCE ?? `${publicUrlOf(env)}/api`;
}

/** One line per invalid variable, each naming it. */
export class InvalidEnvironmentError extends Error {}

/** Variables whose values are secrets: an error names them but never prints their value. */
const SECRET_VARIABLES = new Set([
  'ADMIN_API_KEY',
  'DATABASE_URL',
  'RATE_LIMIT_REDIS_URL',
  'WEBHOOK_SECRET_KEY',
  'NATS_URL',
  'OAUTH_KEY_ENCRYPTION_SECRET',
]);

/** The constraint that explains best: "not a number" rather than "too large" for `PORT=abc`. */
const FIRST_REASONS = ['isInt', 'isBoolean', 'isIn', 'urlOf', 'isString'];

export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const known = Object.keys(new Environment());
  const relevant = Object.fromEntries(Object.entries(source).filter(([key]) => known.includes(key)));
  const environment = plainToInstance(Environment, relevant);
  const errors = validateSync(environment, { forbidUnknownValues: false }).map(describe);
  if (environment.NODE_ENV === 'production' && !environment.OAUTH_KEY_ENCRYPTION_SECRET) {
    errors.push(
      'Invalid environment variable OAUTH_KEY_ENCRYPTION_SECRET: required when NODE_ENV=production (32+ characters)',
    );
  }
  if (errors.length > 0) throw new InvalidEnvironmentError(errors.join('\n'));
  environment.HOST ||= environment.NODE_ENV === 'development' ? '127.0.0.1' : '0.0.0.0';
  return environment;
}

function describe(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  const name = FIRST_REASONS.find((constraint) => constraint in constraints) ?? Object.keys(constraints)[0];
  const reason = constraints[name] ?? 'is invalid';
  const shown = SECRET_VARIABLES.has(error.property) ? '' : `=${JSON.stringify(error.value)}`;
  return `Invalid environment variable ${error.property}${shown}: ${reason}`;
}
