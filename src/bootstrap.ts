import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import type { Environment } from './config/environment.js';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  limitConnections,
  refuseWhileClosing,
  registerCors,
  registerRateLimit,
  slowClientOptions,
} from './shared/http/hardening.js';
import { SECURITY_SCHEMES } from './shared/auth/security-schemes.js';
import { applyHttpConventions } from './shared/http/http-conventions.js';
import { JsonBodyPipe } from './shared/http/json-body.pipe.js';
import { withoutJsonLdExtension } from './shared/http/json-ld.js';
import { PinoNestLogger } from './shared/logging/pino-nest-logger.js';
import { setupOpenApi } from './shared/http/openapi.js';
import { originForm } from './shared/http/request-path.js';
import { applySecurityHeaders } from './shared/http/security-headers.js';
import { keepAuthenticatedResponsesPrivate } from './shared/http/private-responses.js';
import { DomainErrorStatuses } from './shared/http/domain-error-statuses.js';
import { ProblemFilter } from './shared/http/problem.filter.js';
import { applyRouteSemantics } from './shared/http/route-semantics.js';
import { recordIdempotentCommits, storeIdempotentResponses } from './shared/idempotency/idempotency.hooks.js';
import { IdempotencyStore } from './shared/idempotency/idempotency.store.js';

const BODY_LIMIT_BYTES = 64 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface AppOptions {
  /** Whether the embedded database process is up (liveness, /health). */
  databaseRunning?: () => boolean;
  /** Modules booted beside the application's own (tests add probe controllers this way). */
  extraModules?: Type[];
}

/** Builds the fully configured application; `main.ts` and the end-to-end tests share it. */
export async function createApp(
  env: Environment,
  databaseUrl: string,
  { databaseRunning, extraModules = [] }: AppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: { level: env.LOG_LEVEL },
    bodyLimit: BODY_LIMIT_BYTES,
    // Deadlines for slow clients; request line plus headers beyond MAX_HEADER_BYTES answer 431.
    ...slowClientOptions(env),
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // Our own onRequest hook answers requests that arrive while closing (refuseWhileClosing).
    return503OnClosing: false,
    routerOptions: { maxParamLength: 200 },
    requestIdHeader: false,
    // Absolute-form targets (`GET http://host/path`) become origin form: the Host never reaches a path.
    rewriteUrl: (request: IncomingMessage) => withoutJsonLdExtension(originForm(request.url ?? '/')),
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(
      env,
      {
        url: databaseUrl,
        poolSize: env.DATABASE_POOL_SIZE,
        connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
        queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
        // No code path keeps a transaction idle (event delivery holds none while a subscriber runs).
        idleInTransactionTimeoutMs: 60_000,
        migrationsRun: env.MIGRATIONS_RUN,
        running: databaseRunning,
      },
      extraModules,
    ),
    adapter,
    {
      // Body parsers are ours (applyHttpConventions): JSON-LD and merge-patch types, pollution-safe.
      bodyParser: false,
      logger: new PinoNestLogger(adapter.getInstance().log),
    },
  );

  const fastify = app.getHttpAdapter().getInstance();
  // First, before any hook that may answer early (503 while closing, 406, 415, 404, 405): every
  // response carries them.
  applySecurityHeaders(fastify, {
    frameguard: { action: 'deny' },
    // JSON needs no CSP; Swagger UI at /docs loads its own scripts and styles from 'self'.
    contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } },
  });
  refuseWhileClosing(fastify);
  limitConnections(app, env);
  applyHttpConventions(fastify);
  applyRouteSemantics(fastify);
  recordIdempotentCommits(fastify, app.get(IdempotencyStore));
  storeIdempotentResponses(fastify, app.get(IdempotencyStore));
  keepAuthenticatedResponsesPrivate(fastify);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  await registerCors(app, env);
  await registerRateLimit(app, env);
  app.useGlobalFilters(new ProblemFilter(app.get(DomainErrorStatuses)));
  app.useGlobalPipes(new JsonBodyPipe());
  setupOpenApi(app, SECURITY_SCHEMES);
  await app.init();
  return app;
}
