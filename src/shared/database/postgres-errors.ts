import pg from 'pg';
import { QueryFailedError } from 'typeorm';

interface PostgresDriverError {
  code?: string;
  constraint?: string;
}

/** Whether `error` is PostgreSQL's unique_violation (23505), optionally on a named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = driverErrorOf(error);
  if (!driverError) return false;
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/** Whether `error` is PostgreSQL's foreign_key_violation (23503), optionally on a named constraint. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const driverError = driverErrorOf(error);
  if (!driverError) return false;
  return driverError.code === '23503' && (constraint === undefined || driverError.constraint === constraint);
}

/**
 * Whether PostgreSQL refused the statement for an integrity constraint (SQLSTATE class 23: a
 * foreign key, unique, check or not-null violation): the statement wrote nothing, because of its data.
 */
export function isIntegrityViolation(error: unknown): boolean {
  return driverErrorOf(error)?.code?.startsWith('23') === true;
}

/** PostgreSQL's error, raised by `pg` directly (Sql) or wrapped by TypeORM. */
function driverErrorOf(error: unknown): PostgresDriverError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PostgresDriverError;
  return error instanceof pg.DatabaseError ? error : undefined;
}

/**
 * Socket-level failures reaching PostgreSQL, SQLSTATEs of a server that is down or full, and the
 * cancellations of the query and lock timeouts (a stalled or blocked database).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
  '25P03', // idle_in_transaction_session_timeout
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error and is not queryable|Client was closed and is not queryable/i;

/**
 * Whether `error` means the database cannot be reached right now (down, restarting, refusing
 * connections), as opposed to a fault in the query: such requests answer 503 and may be retried.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (a VM context).
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  const inner = error instanceof QueryFailedError ? error.driverError : (error as { cause?: unknown }).cause;
  if (inner && inner !== error && isDatabaseUnavailable(inner, depth + 1)) return true;
  const { errors } = error as { errors?: unknown };
  return Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1));
}
