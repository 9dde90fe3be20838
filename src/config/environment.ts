import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
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

  /** At least 2: the outbox relay holds one connection while the event handlers it awaits use others. */
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

  /**
   * The service's public base URL: the OAuth issuer and every URL of its metadata come from it,
   * never from a request's Host header. Unset: `http://localhost:<PORT>`.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, {
    message: 'must be an absolute http(s) URL without query or fragment',
  })
  PUBLIC_URL?: string;

  /** The `aud` of access tokens and what the API requires of them. Unset: `<PUBLIC_URL>/api`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  OAUTH_AUDIENCE?: string;

  /** Lifetime of an access token (seconds). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(86400)
  OAUTH_ACCESS_TOKEN_TTL_SECONDS = 900;

  /** How long one signing key signs before the next takes over (seconds; 30 days by default). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  OAUTH_SIGNING_KEY_ROTATION_SECONDS = 2_592_000;

  /**
   * Encrypts the signing keys kept in the database (AES-256-GCM, key derived with HKDF). Unset:
   * a built-in development secret, refused when NODE_ENV=production.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  OAUTH_KEY_ENCRYPTION_SECRET?: string;

  /** How long an integration's previous secret keeps working after a rotation (hours). */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(720)
  OAUTH_PREVIOUS_SECRET_TTL_HOURS = 24;

  /** How long an invitation into an organization can be accepted (days). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(90)
  INVITATION_TTL_DAYS = 7;

  /** Invitations one organization may create per hour (all replicas together). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
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

export class InvalidEnvironmentError extends Error {}

/** Variables whose values are secrets: an error names them but never prints their value. */
const SECRET_VARIABLES = new Set([
  'ADMIN_API_KEY',
  'DATABASE_URL',
  'RATE_LIMIT_REDIS_URL',
  'OAUTH_KEY_ENCRYPTION_SECRET',
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
  if (environment.NODE_ENV === 'production' && !environment.OAUTH_KEY_ENCRYPTION_SECRET) {
    throw new InvalidEnvironmentError(
      'Invalid environment variable OAUTH_KEY_ENCRYPTION_SECRET: required when NODE_ENV=production (32+ characters)',
    );
  }
  return environment;
}
