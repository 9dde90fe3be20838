import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Environment } from '../../config/environment.js';
import { bearerToken } from '../auth/unauthorized.js';
import { problemFromError } from './problem-from-error.js';
import { renderProblem } from './problem.js';
import { routedPath } from './request-path.js';
import { ProblemException } from './problem.exception.js';
import { sendProblem } from './send-problem.js';

/** Node's limit for the request line plus all headers; a longer URL or header block gets a 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Errors Node's HTTP parser raises before Fastify has a request (header block or URL too large,
 * malformed request line, slow client): answered with a problem document on the raw socket
 * instead of Fastify's own JSON, then the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, `The request line and headers must not exceed ${MAX_HEADER_BYTES} bytes.`]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request was not received in time.']
        : [400, 'The request is not valid HTTP.'];
  const { body, headers } = renderProblem({ status, detail }, true);
  const payload = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Type: ${headers['content-type']}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${payload}`,
    );
  }
  socket.destroy();
}

/**
 * Errors of Fastify's router, raised before any hook or handler runs (a path with broken
 * percent-encoding, a path parameter longer than maxParamLength): problem documents too.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-content-type-options', 'nosniff');
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return sendProblem(request, reply, { status: 400, detail: 'The URL is not valid: check its percent-encoding.' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return sendProblem(request, reply, { status: 414, detail: 'A segment of the URL path is too long.' });
    default:
      return sendProblem(request, reply, problemFromError(error));
  }
}

/**
 * While the server shuts down (SIGTERM), requests already being served complete, and their
 * responses close their connections (a kept-alive connection busy when closing began would
 * otherwise hold the shutdown until its keep-alive timeout); a request that arrives on such a
 * connection meanwhile gets a clean 503 problem telling the client to retry elsewhere.
 */
export function refuseWhileClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    void reply.header('retry-after', '1');
    sendProblem(request, reply, { status: 503, detail: 'The service is shutting down; retry the request.' });
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}

/** CORS for the origins in CORS_ORIGINS (comma-separated, `*` for any); nothing is registered when empty. */
export async function registerCors(app: NestFastifyApplication, env: Environment): Promise<void> {
  const origins = env.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: [
      'Location',
      'Content-Location',
      'Link',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Idempotent-Replayed',
      'X-Request-Id',
    ],
    maxAge: 600,
  });
}

/**
 * Rate limiting per API key (per client address for requests without one) over a one-minute
 * window, with `RateLimit-*` headers (IETF draft) and `Retry-After` on a 429 problem. The counters
 * live in this process, or in Redis when RATE_LIMIT_REDIS_URL is set so that replicas share them;
 * if Redis fails, requests are let through rather than refused.
 */
export async function registerRateLimit(app: NestFastifyApplication, env: Environment): Promise<void> {
  if (env.RATE_LIMIT_PER_MINUTE === 0) return;
  const redis = env.RATE_LIMIT_REDIS_URL
    ? new Redis(env.RATE_LIMIT_REDIS_URL, {
        connectTimeout: 1000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      })
    : undefined;
  // An unreachable Redis is reported by the commands that fail (skipOnError); not a crash.
  redis?.on('error', () => undefined);
  await app.register(rateLimit, {
    global: true,
    max: env.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    enableDraftSpec: true,
    skipOnError: true,
    redis,
    nameSpace: env.RATE_LIMIT_REDIS_PREFIX,
    allowList: (request: FastifyRequest) => !routedPath(request).startsWith('/api/') || request.method === 'OPTIONS',
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      ProblemException.of(429, `Too many requests: at most ${context.max} per minute. Retry in ${context.after}.`),
  });
  if (redis)
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => redis.disconnect());
}

/** The API key's digest (never the key itself, which would sit in Redis) or the client address. */
export function rateLimitKey(request: FastifyRequest): string {
  const token = bearerToken(request.headers.authorization);
  return token ? `key:${createHash('sha256').update(token).digest('base64url')}` : `ip:${request.ip}`;
}
