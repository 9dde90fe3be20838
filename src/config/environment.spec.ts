import { InvalidEnvironmentError, loadEnvironment, oauthAudienceOf, publicUrlOf } from './environment.js';

/** The single line `loadEnvironment` fails with, or a marker when it does not fail. */
function failureOf(env: Record<string, string>): string {
  try {
    loadEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    return (error as Error).message;
  }
  return 'did not fail';
}

describe('loadEnvironment', () => {
  it('applies the documented defaults when nothing is set', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '127.0.0.1',
      HTTP_REQUEST_TIMEOUT_MS: 10000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 5000,
      HTTP_MAX_CONNECTIONS: 1000,
      DATABASE_QUERY_TIMEOUT_MS: 5000,
      EMBEDDED_POSTGRES_PORT: 54329,
      EMBEDDED_POSTGRES_DATA_DIR: '.data/postgres',
      DATABASE_POOL_SIZE: 10,
      MIGRATIONS_RUN: true,
      SEED_DEMO: true,
      LOG_LEVEL: 'info',
      AUTH_CACHE_TTL_MS: 2000,
      OUTBOX_POLL_INTERVAL_MS: 1000,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ADMIN_API_KEY).toBeUndefined();
  });

  it('converts numbers and booleans from their string form', () => {
    const env = loadEnvironment({
      PORT: '8080',
      DATABASE_POOL_SIZE: '3',
      MIGRATIONS_RUN: 'false',
      SEED_DEMO: '0',
      AUTH_CACHE_TTL_MS: '0',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      OAUTH_KEY_ENCRYPTION_SECRET: 's'.repeat(32),
    });
    expect(env).toMatchObject({
      PORT: 8080,
      DATABASE_POOL_SIZE: 3,
      MIGRATIONS_RUN: false,
      SEED_DEMO: false,
      AUTH_CACHE_TTL_MS: 0,
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
    });
  });

  it('requires OAUTH_KEY_ENCRYPTION_SECRET in production only, and never prints it', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(
      'Invalid environment variable OAUTH_KEY_ENCRYPTION_SECRET: required when NODE_ENV=production',
    );
    expect(loadEnvironment({ NODE_ENV: 'development' }).OAUTH_KEY_ENCRYPTION_SECRET).toBeUndefined();
    expect(() => loadEnvironment({ OAUTH_KEY_ENCRYPTION_SECRET: 'short-secret-value' })).toThrow(
      /^Invalid environment variable OAUTH_KEY_ENCRYPTION_SECRET: (?!.*short-secret-value)/,
    );
  });

  it('derives the OAuth issuer and audience from PUBLIC_URL, defaulting to localhost:PORT', () => {
    expect(publicUrlOf(loadEnvironment({ PORT: '8080' }))).toBe('http://localhost:8080');
    const env = loadEnvironment({ PUBLIC_URL: 'https://identity.example.net/' });
    expect(publicUrlOf(env)).toBe('https://identity.example.net');
    expect(oauthAudienceOf(env)).toBe('https://identity.example.net/api');
    expect(oauthAudienceOf(loadEnvironment({ OAUTH_AUDIENCE: 'urn:pm' }))).toBe('urn:pm');
    expect(() => loadEnvironment({ PUBLIC_URL: 'identity.example.net' })).toThrow(/PUBLIC_URL/);
    expect(() => loadEnvironment({ PUBLIC_URL: 'https://x.example/?a=1' })).toThrow(/PUBLIC_URL/);
  });

  it('keeps DATABASE_URL and ADMIN_API_KEY when set, and treats empty values as unset', () => {
    const set = loadEnvironment({ DATABASE_URL: 'postgres://u:p@db:5432/app', ADMIN_API_KEY: 'a'.repeat(16) });
    expect(set.DATABASE_URL).toBe('postgres://u:p@db:5432/app');
    expect(set.ADMIN_API_KEY).toBe('a'.repeat(16));
    const empty = loadEnvironment({ DATABASE_URL: '', ADMIN_API_KEY: '' });
    expect(empty.DATABASE_URL).toBeUndefined();
    expect(empty.ADMIN_API_KEY).toBeUndefined();
  });

  it('ignores variables it does not know', () => {
    const env = loadEnvironment({ PATH: '/usr/bin', HOME: '/root' }) as unknown as Record<string, unknown>;
    expect(env.PATH).toBeUndefined();
    expect(env.HOME).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '3000.5'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', ''],
    ['LOG_LEVEL', 'verbose'],
    ['NODE_ENV', 'staging'],
    ['MIGRATIONS_RUN', 'yes'],
    ['SEED_DEMO', 'maybe'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', '1'],
    ['EMBEDDED_POSTGRES_PORT', '80'],
    ['AUTH_CACHE_TTL_MS', '-5'],
    ['OUTBOX_POLL_INTERVAL_MS', '10'],
  ])('refuses %s=%j with one line naming the variable', (name, value) => {
    const message = failureOf({ [name]: value });
    expect(message).toMatch(new RegExp(`^Invalid environment variable ${name}\\b`));
    expect(message).not.toContain('\n');
  });

  it('refuses an ADMIN_API_KEY shorter than 16 characters, without printing the key', () => {
    const message = failureOf({ ADMIN_API_KEY: 'short-secret' });
    expect(message).toMatch(/^Invalid environment variable ADMIN_API_KEY\b/);
    expect(message).toMatch(/16/);
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('\n');
  });

  it('accepts an ADMIN_API_KEY of exactly 16 characters', () => {
    expect(loadEnvironment({ ADMIN_API_KEY: '0123456789abcdef' }).ADMIN_API_KEY).toBe('0123456789abcdef');
  });

  it('listens on loopback only in development unless HOST says otherwise', () => {
    expect(loadEnvironment({ NODE_ENV: 'development' }).HOST).toBe('127.0.0.1');
    const secret = 's'.repeat(32);
    expect(loadEnvironment({ NODE_ENV: 'production', OAUTH_KEY_ENCRYPTION_SECRET: secret }).HOST).toBe('0.0.0.0');
    expect(loadEnvironment({ NODE_ENV: 'test', HOST: '' }).HOST).toBe('0.0.0.0');
    expect(loadEnvironment({ NODE_ENV: 'development', HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('says that PORT=abc is not a number (not that it is too large)', () => {
    expect(failureOf({ PORT: 'abc' })).toBe(
      'Invalid environment variable PORT="abc": is not a number: expected an integer from 0 to 65535',
    );
    expect(failureOf({ PORT: '70000' })).toMatch(/^Invalid environment variable PORT=70000: is too large/);
  });

  it.each(['garbage', 'http://db:5432/app', 'postgres://', 'postgres:///app'])(
    'refuses DATABASE_URL=%j as an invalid URL without printing it',
    (value) => {
      const message = failureOf({ DATABASE_URL: value });
      expect(message).toBe(
        'Invalid environment variable DATABASE_URL: is not a valid URL: expected postgres://user:password@host:5432/database',
      );
    },
  );

  it('accepts PostgreSQL URLs with a host or a socket directory', () => {
    for (const url of ['postgresql://u@db/app', 'postgres://u:p@127.0.0.1:5432/app', 'postgres:///app?host=/run/pg']) {
      expect(loadEnvironment({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('refuses a RATE_LIMIT_REDIS_URL that is not a redis:// URL', () => {
    expect(failureOf({ RATE_LIMIT_REDIS_URL: 'localhost:6379' })).toBe(
      'Invalid environment variable RATE_LIMIT_REDIS_URL: is not a valid URL: expected redis://host:6379',
    );
  });

  it('reports every invalid variable at once, one line each', () => {
    const lines = failureOf({ PORT: 'x', LOG_LEVEL: 'loud', DATABASE_URL: 'garbage', SEED_DEMO: 'maybe' }).split('\n');
    expect(lines).toEqual([
      'Invalid environment variable PORT="x": is not a number: expected an integer from 0 to 65535',
      'Invalid environment variable DATABASE_URL: is not a valid URL: expected postgres://user:password@host:5432/database',
      'Invalid environment variable SEED_DEMO="maybe": must be true or false (or 1 or 0)',
      'Invalid environment variable LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });
});
