import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { problemResponse } from './openapi-schemas.js';

/** Swagger UI at /docs and the OpenAPI document at /docs-json, both served by the service itself. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Instances API')
    .setDescription(
      'Create and browse the instances of the product platform. Authenticate every partner call with ' +
        '`Authorization: Bearer <API key>`. Resources are JSON-LD (`application/ld+json`), collections are ' +
        'Hydra collections, and errors are RFC 7807 problem documents (`application/problem+json`).',
    )
    .setVersion('1.0.0')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'API key', description: 'Partner API key' },
      'apiKey',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: 'Operator key: the ADMIN_API_KEY the service was started with',
      },
      'adminKey',
    )
    .addTag('Instances', 'Create, get and list the instances of an organization.')
    .addTag('Organizations', 'Organizations and their members; the partner who creates one becomes its owner.')
    .addTag('Instance activity', 'Figures other modules keep from instance events (eventually consistent).')
    .addTag('Admin', 'Operator routes: partners and their API keys, with the admin key.')
    .build();
  const document = addSharedProblems(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
}

/**
 * Answers every /api route can give, whatever its controller (applyHttpConventions and the JSON
 * body parser): an unacceptable `Accept` (406) anywhere; on operations that take a body, malformed
 * JSON (400) and an unsupported `Content-Type` (415). A controller's own description wins.
 */
function addSharedProblems(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const shared: Record<number, string> = { 406: 'The Accept header allows none of the served media types' };
      if (operation.requestBody) {
        shared[400] = 'Invalid input: malformed JSON, or a property of the wrong type';
        shared[415] = 'Unsupported media type';
      }
      for (const [status, description] of Object.entries(shared)) {
        operation.responses[status] ??= problemResponse(Number(status), description);
      }
    }
  }
  return document;
}
