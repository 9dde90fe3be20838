import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { HydraDocumentation } from './hydra-documentation.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';
import { toOpenApi31 } from './openapi-31.js';

/**
 * The API's own description, one source for every document that describes it: the OpenAPI
 * document setupOpenApi builds from the controllers' decorators (at /docs-json, 3.0, and at
 * /api/docs.jsonopenapi, 3.1) and, from it and the registered resource types, the Hydra
 * documentation, entrypoint and entrypoint context. Built once, on first use, when every module
 * has registered its types.
 */
@Injectable()
export class ApiDescription {
  private document?: OpenAPIObject;
  private hydra?: HydraDocumentation;
  private openApi31?: Record<string, unknown>;

  constructor(private readonly contexts: JsonLdContextRegistry) {}

  useOpenApi(document: OpenAPIObject): void {
    this.document = document;
  }

  openApi(): OpenAPIObject {
    if (!this.document) throw new Error('setupOpenApi has not run');
    return this.document;
  }

  openApiV31(): Record<string, unknown> {
    return (this.openApi31 ??= toOpenApi31(this.openApi()));
  }

  hydraDocumentation(): HydraDocumentation {
    return (this.hydra ??= new HydraDocumentation(this.openApi(), this.contexts.resourceTypes()));
  }
}
