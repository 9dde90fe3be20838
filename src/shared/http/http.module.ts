import { Global, Module } from '@nestjs/common';
import { ApiDescription } from './api-description.js';
import { ContextsController } from './contexts.controller.js';
import { DiscoveryController } from './discovery.controller.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';
import { OpenApiTagRegistry } from './openapi-tags.js';
import { RootController } from './root.controller.js';

@Global()
@Module({
  controllers: [DiscoveryController, ContextsController, RootController],
  providers: [JsonLdContextRegistry, OpenApiTagRegistry, ApiDescription],
  exports: [JsonLdContextRegistry, OpenApiTagRegistry, ApiDescription],
})
export class HttpModule {}
