import { Module } from '@nestjs/common';
import { ContextsController } from './contexts.controller.js';
import { DiscoveryController } from './discovery.controller.js';
import { RootController } from './root.controller.js';

/**
 * The routes that need no API key and describe the API: the Hydra entrypoint and documentation,
 * the OpenAPI 3.1 document, the JSON-LD contexts, and `/` to Swagger UI. Apart from shared/http so
 * that http (the wire format) does not depend on auth (which marks these routes public).
 */
@Module({ controllers: [DiscoveryController, ContextsController, RootController] })
export class DiscoveryModule {}
