import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '../database/postgres-errors.js';
import { PreconditionFailed } from '../domain/version-condition.js';
import { ValidationFailed } from '../domain/violation.js';
import type { Problem } from './problem.js';
import { ProblemException } from './problem.exception.js';

const SUPPORTED_BODY_TYPES = '"application/ld+json", "application/json"';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
}

/**
 * Maps anything thrown while serving a request to a problem. Unknown errors become a bare 500:
 * their message may carry SQL, driver or constraint names, which never leave the process.
 */
export function problemFromError(error: unknown): Problem {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof ValidationFailed) return { status: 422, detail: error.message, violations: error.violations };
  if (error instanceof PreconditionFailed) {
    return {
      status: 412,
      detail:
        'The resource has changed since the ETag in If-Match was issued, or it no longer exists. Nothing was changed: GET it again and retry with its new ETag.',
    };
  }
  if (error instanceof HttpException) {
    // Nest's Fastify adapter hands Fastify's own 4xx errors (body parsing, body size, media type) to
    // the filters wrapped in an HttpException whose cause is the original error.
    const cause = error.cause as (Error & FastifyLikeError) | undefined;
    if (cause instanceof Error && typeof cause.code === 'string' && cause.code.startsWith('FST_')) {
      return { status: error.getStatus(), detail: fastifyDetail(cause.code, cause) };
    }
    return { status: error.getStatus(), detail: httpExceptionDetail(error) };
  }
  const { statusCode, code } = (error ?? {}) as FastifyLikeError;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, detail: fastifyDetail(code, error as Error) };
  }
  // The database is down or refusing connections: a retryable 503, not a fault of ours.
  if (isDatabaseUnavailable(error)) {
    return { status: 503, detail: 'Service Unavailable', headers: { 'retry-after': '5' } };
  }
  return { status: 500, detail: 'Internal Server Error' };
}

function httpExceptionDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : error.message;
}

function fastifyDetail(code: string | undefined, error: Error): string {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `The content-type is not supported. Supported MIME types are ${SUPPORTED_BODY_TYPES}.`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'Syntax error';
    default:
      // JSON.parse failures and prototype-poisoning rejections from the body parser.
      return error instanceof SyntaxError || error.name === 'SyntaxError' ? 'Syntax error' : 'Bad Request';
  }
}
