import { Controller, Get, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { ApiDescription } from '../http/api-description.js';
import { DISCOVERY_TAG } from '../http/hydra-documentation.js';
import { JSON_LD, OPENAPI_JSON } from '../http/media-types.js';

const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
const ENTRYPOINT_EXAMPLE = {
  '@context': '/api/contexts/Entrypoint',
  '@id': '/api',
  '@type': 'Entrypoint',
  organization: '/api/organizations',
};
const DOCUMENTATION_EXAMPLE = {
  '@context': { '@vocab': '/api/docs.jsonld#', hydra: 'http://www.w3.org/ns/hydra/core#' },
  '@id': '/api/docs.jsonld',
  '@type': 'hydra:ApiDocumentation',
  'hydra:title': 'Instances API',
  'hydra:entrypoint': { '@id': '/api' },
  'hydra:supportedClass': [{ '@id': '#Organization', '@type': 'hydra:Class', 'hydra:title': 'Organization' }],
};
const OPENAPI_EXAMPLE = { openapi: '3.1.0', info: { title: 'Instances API', version: '1.0.0' }, paths: {} };

/** Hydra discovery and the OpenAPI document where API Platform serves them; no API key needed. */
@ApiTags(DISCOVERY_TAG)
@Public()
@Controller('api')
export class DiscoveryController {
  constructor(private readonly description: ApiDescription) {}

  @Get()
  @ApiOperation({
    operationId: 'getEntrypoint',
    summary: 'Get the Hydra entrypoint.',
    description: 'Links to every collection that has an IRI of its own. Needs no API key.',
    security: [],
  })
  @ApiOkResponse({
    description: 'The Hydra Entrypoint',
    content: { [JSON_LD]: { schema: ANY_OBJECT, example: ENTRYPOINT_EXAMPLE } },
  })
  entrypoint(): Record<string, unknown> {
    return this.description.hydraDocumentation().entrypoint();
  }

  /** Served as /api/docs.jsonld: the extension names the JSON-LD representation (see rewriteUrl). */
  @Get('docs')
  @ApiOperation({
    operationId: 'getApiDocumentation',
    summary: 'Get the Hydra API documentation (also at /api/docs.jsonld).',
    description:
      'Every class the API serves, with its properties and operations: the `@vocab` of every served JSON-LD context. Needs no API key.',
    security: [],
  })
  @ApiOkResponse({
    description: 'The Hydra ApiDocumentation',
    content: { [JSON_LD]: { schema: ANY_OBJECT, example: DOCUMENTATION_EXAMPLE } },
  })
  apiDocumentation(): Record<string, unknown> {
    return this.description.hydraDocumentation().apiDocumentation();
  }

  @Get('docs.jsonopenapi')
  @RouteConfig({ produces: [OPENAPI_JSON] })
  @ApiOperation({
    operationId: 'getOpenApiDocument',
    summary: 'Get this OpenAPI document, as OpenAPI 3.1.',
    description: 'The document at /docs-json, in OpenAPI 3.1. Needs no API key.',
    security: [],
  })
  @ApiOkResponse({
    description: 'The OpenAPI 3.1 document',
    content: { [OPENAPI_JSON]: { schema: ANY_OBJECT, example: OPENAPI_EXAMPLE } },
  })
  openApi(@Res({ passthrough: true }) reply: FastifyReply): Record<string, unknown> {
    void reply.header('content-type', `${OPENAPI_JSON}; charset=utf-8`);
    return this.description.openApiV31();
  }
}
