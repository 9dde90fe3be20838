import { createHash } from 'node:crypto';
import type { Server, Socket } from 'node:net';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Environment } from '../../config/environment.js';
import { bearerToken } from './bearer-token.js';
import { problemFromError } from './problem-from-error.js';
import { renderProblem } from './problem.js';
import { routedPath } from './request-path.js';
import { ProblemException } from './problem.exception.js';
import { sendProblem } from './send-problem.js';

/** Node's limit for the request line plus all headers; a longer URL or header block gets a 431. */
const MAX_HEADER_BYTES = 16 * 1024;

/** How often Node looks for requests past their deadline (its default, 30 s, would stretch every deadline). */
const DEADLINE_CHECK_INTERVAL_MS = 1000;
/** A connection with no byte in either direction this long is closed: a backstop behind the request deadline. */
const IDLE_CONNECTION_TIMEOUT_MS = 60_000;

/**
 * Deadlines against slow clients (slowloris, stalled bodies): the request line, headers and body
 * must all arrive within HTTP_REQUEST_TIMEOUT_MS, or the client gets a 408 and the connection is
 * closed; kept-alive connections idle longer than HTTP_KEEP_ALIVE_TIMEOUT_MS are closed.
 */
export function slowClientOptions(env: Environment) {
  return {
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeout: Math.max(IDLE_CONNECTION_TIMEOUT_MS, env.HTTP_REQUEST_TIMEOUT_MS),
    http: {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(DEADLINE_CHECK_INTERVAL_MS, env.HTTP_REQUEST_TIMEOUT_MS),
    },
  };
}

/**
 * At most HTTP_MAX_CONNECTIONS connections at once: Node closes further ones as they arrive, so
 * that clients holding connections open cannot exhaust memory or file descriptors. A 429 closes
 * its connection too, so that a refused client has to connect again to go on.
 */
export function limitConnections(app: NestFastifyApplication, env: Environment): void {
  (app.getHttpServer() as Server).maxConnections = env.HTTP_MAX_CONNECTIONS;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (reply.statusCode === 429) void reply.header('connection', 'close');
      done(null, payload);
    });
}

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
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Accept',
      'Idempotency-Key',
      'X-Request-Id',
      'If-Match',
      'If-None-Match',
    ],
    exposedHeaders: [
      'Location',
      'Content-Location',
      'Link',
      'ETag',
      'Allow',
      'Accept-Post',
      'Accept-Patch',
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

/** The rate-limit window; an unreachable Redis is reported once per window while it lasts. */
const RATE_LIMIT_WINDOW_MS = 60_000;
/** How long the start waits to know whether Redis answers, so that an unreachable one is reported at once. */
const REDIS_FIRST_ANSWER_MS = 1000;

/**
 * Rate limiting per API key (per client address for requests without one) over a one-minute
 * window, with `RateLimit-*` headers (IETF draft) and `Retry-After` on a 429 problem. The counters
 * live in this process, or in Redis when RATE_LIMIT_REDIS_URL is set so that replicas share them;
 * if Redis fails, requests are let through rather than refused, and a warning says so at start and
 * once per window while it lasts.
 */
export async function registerRateLimit(app: NestFastifyApplication, env: Environment): Promise<void> {
  if (env.RATE_LIMIT_PER_MINUTE === 0) return;
  const redis = env.RATE_LIMIT_REDIS_URL ? await connectRedis(env.RATE_LIMIT_REDIS_URL) : undefined;
  await app.register(rateLimit, {
    global: true,
    max: env.RATE_LIMIT_PER_MINUTE,
    timeWindow: RATE_LIMIT_WINDOW_MS,
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

/** A Redis client that reports when it cannot be reached (once per window) and when it is back. */
async function connectRedis(url: string): Promise<Redis> {
  const logger = new Logger('RateLimit');
  const { hostname, port } = new URL(url);
  const where = `${hostname}:${port || 6379}`;
  let warnedAt: number | undefined;
  const redis = new Redis(url, {
    connectTimeout: REDIS_FIRST_ANSWER_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  redis.on('error', (error: Error) => {
    if (warnedAt !== undefined && Date.now() - warnedAt < RATE_LIMIT_WINDOW_MS) return;
    warnedAt = Date.now();
    logger.warn(
      `RATE_LIMIT_REDIS_URL (${where}) is unreachable (${error.message || 'no answer'}): ` +
        'requests are NOT rate-limited until it answers',
    );
  });
  redis.on('ready', () => {
    if (warnedAt !== undefined) logger.log(`RATE_LIMIT_REDIS_URL (${where}) answers again: rate limiting is back`);
    warnedAt = undefined;
  });
  // Wait (briefly) for the first answer, so that a Redis down at start is reported before serving.
  await new Promise<void>((done) => {
    const timer = setTimeout(done, REDIS_FIRST_ANSWER_MS);
    const settle = (): void => {
      clearTimeout(timer);
      done();
    };
    redis.once('ready', settle);
    redis.once('error', settle);
  });
  return redis;
}

/** The API key's digest (never the key itself, which would sit in Redis) or the client address. */
function rateLimitKey(request: FastifyRequest): string {
  const token = bearerToken(request.headers.authorization);
  return token ? `key:${createHash('sha256').update(token).digest('base64url')}` : `ip:${request.ip}`;
}
