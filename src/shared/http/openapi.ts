import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ContentObject,
  DocumentBuilder,
  type HeadersObject,
  type OpenAPIObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
  type SecuritySchemeObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { PublicEventCatalog } from '../outbox/public-event-catalog.js';
import { problemResponse } from './openapi-schemas.js';
import { webhooksSection } from './openapi-webhooks.js';
import { ApiDescription } from './api-description.js';
import { isApiUrl } from './request-path.js';
import { OpenApiTagRegistry } from './openapi-tags.js';

/**
 * Swagger UI at /docs and the OpenAPI document at /docs-json, both served by the service itself.
 * `securitySchemes`: how callers authenticate (shared/auth's, given by the app: http knows no auth).
 */
export function setupOpenApi(
  app: NestFastifyApplication,
  securitySchemes: Readonly<Record<string, SecuritySchemeObject>>,
): void {
  const builder = new DocumentBuilder()
    .setTitle('Instances API')
    .setDescription(
      'Create and browse the instances of the product platform. Authenticate every partner call with ' +
        '`Authorization: Bearer <API key>`. Resources are JSON-LD (`application/ld+json`), collections are ' +
        'Hydra collections, and errors are RFC 7807 problem documents (`application/problem+json`).',
    )
    .setVersion('1.0.0')
    .addServer('/', 'This server')
    .setOpenAPIVersion('3.1.0');
  for (const tag of app.get(OpenApiTagRegistry).all()) builder.addTag(tag.name, tag.description);
  const config = builder.build();
  config.components = { ...config.components, securitySchemes: { ...securitySchemes } };
  const events = app.get(PublicEventCatalog);
  const extraModels = [...new Set(events.all().map((type) => type.dataSchema))];
  const document = addExamples(
    addEntityTagHeaders(
      addSharedProblems(queriesInDeclaredOrder(SwaggerModule.createDocument(app, config, { extraModels }))),
    ),
  );
  document.webhooks = webhooksSection(events);
  // Routed as /api/docs (rewriteUrl drops the extension), documented where clients look for it.
  document.paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [path === '/api/docs' ? '/api/docs.jsonld' : path, item]),
  );
  app.get(ApiDescription).useOpenApi(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
}

/**
 * Answers every /api route can give, whatever its controller (applyHttpConventions, the JSON body
 * parser, Node's HTTP parser, Fastify's router, the rate limit and the database): a broken URL
 * (400), an unacceptable `Accept` (406), a path segment over the router's limit (414), a request
 * line and headers over 16 KiB (431), too many requests (429), an unavailable database or a
 * shutdown (503); on operations that take a body, malformed JSON (400), a body over the size limit
 * (413) and an unsupported `Content-Type` (415); on every POST, the `Idempotency-Key` header with
 * its own answers (400, 409, 422). A controller's own description wins.
 */
function addSharedProblems(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isApiUrl(path)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const shared: Record<number, string> = {
        400: 'Invalid input: a URL with broken percent-encoding',
        406: 'The Accept header allows none of the served media types',
        431: 'The request line and headers exceed 16 KiB',
        429: 'Too many requests for this API key (when RATE_LIMIT_PER_MINUTE is set); retry after the given delay',
        503: 'The database is unavailable or the service is shutting down; retry after the given delay',
      };
      if (path.includes('{')) shared[414] = 'A path segment is too long';
      if (operation.security?.some((requirement) => 'apiKey' in requirement)) {
        shared[403] =
          'The credential lacks a scope the operation needs (`WWW-Authenticate: Bearer error="insufficient_scope"`), ' +
          'or the operation needs an unrestricted partner API key';
      }
      if (operation.requestBody) {
        shared[400] =
          'Invalid input: malformed JSON, a property of the wrong type, or a URL with broken percent-encoding';
        shared[413] = 'The body is larger than 64 KiB';
        shared[415] = 'Unsupported media type';
      }
      if (method === 'post') {
        shared[400] += ', or an invalid Idempotency-Key header';
        shared[409] = 'A request with this Idempotency-Key is still being processed; retry later';
        shared[422] = 'This Idempotency-Key was already used with a different request';
        (operation.parameters ??= []).push(IDEMPOTENCY_KEY_PARAMETER);
      }
      for (const [status, description] of Object.entries(shared)) {
        const headers = status === '429' ? RATE_LIMITED_HEADERS : status === '503' ? RETRY_AFTER_HEADERS : undefined;
        operation.responses[status] ??= {
          ...problemResponse(Number(status), description),
          ...(headers && { headers }),
        };
      }
    }
  }
  return document;
}

/**
 * Method decorators apply bottom-up, so @nestjs/swagger lists a method's @ApiQuery parameters in
 * reverse: they are put back in the order the controller declares them (the order of the docs:
 * `name`, `handle`, `order[...]`, `page`, `itemsPerPage`).
 */
function queriesInDeclaredOrder(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const parameters = item[method]?.parameters as ParameterObject[] | undefined;
      if (!parameters) continue;
      const queries = parameters.filter((parameter) => parameter.in === 'query').reverse();
      item[method]!.parameters = parameters.map((parameter) =>
        parameter.in === 'query' ? (queries.shift() as ParameterObject) : parameter,
      );
    }
  }
  return document;
}

/**
 * The validators of the conditional operations (ApiConditionalGet, ApiConditionalWrite): `ETag`
 * (and `Cache-Control` on a GET) on each success that carries a representation.
 */
function addEntityTagHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const names = (operation?.parameters ?? []).map((parameter) => ('name' in parameter ? parameter.name : ''));
      const conditionalGet = names.includes('If-None-Match');
      if (!operation || (!conditionalGet && !names.includes('If-Match'))) continue;
      for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
        if (!status.startsWith('2') || !response.content) continue;
        response.headers = { ...response.headers, ...(conditionalGet ? CONDITIONAL_GET_HEADERS : ETAG_HEADERS) };
      }
    }
  }
  return document;
}

const ETAG_HEADERS: HeadersObject = {
  ETag: { description: 'The strong entity tag of the representation in the body.', schema: { type: 'string' } },
};

const CONDITIONAL_GET_HEADERS: HeadersObject = {
  ...ETAG_HEADERS,
  'Cache-Control': { description: 'Always `no-cache, private`.', schema: { type: 'string' } },
};

const RETRY_AFTER_HEADERS: HeadersObject = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};

const RATE_LIMITED_HEADERS: HeadersObject = {
  ...RETRY_AFTER_HEADERS,
  'RateLimit-Limit': { description: 'Requests allowed per minute for this API key.', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current window.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer' } },
};

const IDEMPOTENCY_KEY_PARAMETER: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe (Stripe semantics): the first request with a key runs; a retry with the same key and ' +
    'the same request gets the first response again (status and body, with `Idempotent-Replayed: true`) ' +
    'without running twice; the same key with a different request answers 422. Keys are scoped per caller ' +
    '(partner, integration or operator) and kept at least 24 hours. A replay of a request that issued a secret ' +
    '(an API key, a client secret) answers 409 instead: secrets are shown once. 1 to 255 visible ASCII ' +
    'characters: a new random value (a UUID) per request, never a fixed one. No example on purpose: Swagger UI would prefill it and send the same key with every request.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Gives every request body and response that has none a complete example, assembled from the
 * `example` of each property schema, so that readers and generated clients see whole documents
 * (`npm run lint:api` checks each against its schema). An example set on the operation wins.
 */
function addExamples(document: OpenAPIObject): OpenAPIObject {
  const resolve = (ref: string): SchemaObject =>
    document.components?.schemas?.[ref.split('/').pop() as string] as SchemaObject;
  const sample = (schema: SchemaObject | ReferenceObject | undefined, depth = 0): unknown => {
    if (!schema || depth > 8) return undefined;
    if ('$ref' in schema) return sample(resolve(schema.$ref), depth + 1);
    if (schema.example !== undefined) return schema.example;
    const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
    if (alternative) return sample(alternative, depth + 1);
    if (schema.items) {
      const item = sample(schema.items, depth + 1);
      return item === undefined ? [] : [item];
    }
    if (!schema.properties) return undefined;
    const entries = Object.entries(schema.properties)
      .map(([name, property]) => [name, sample(property, depth + 1)])
      .filter(([, value]) => value !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  };
  const withExample = (content: ContentObject | undefined) => {
    for (const media of Object.values(content ?? {})) {
      if (media.example === undefined && media.examples === undefined) media.example = sample(media.schema);
    }
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (operation.requestBody && !('$ref' in operation.requestBody)) withExample(operation.requestBody.content);
      for (const response of Object.values(operation.responses) as (ResponseObject | ReferenceObject)[]) {
        if (!('$ref' in response)) withExample(response.content);
      }
    }
  }
  return document;
}
