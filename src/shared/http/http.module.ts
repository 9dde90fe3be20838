import { Global, Module } from '@nestjs/common';
import { ApiDescription } from './api-description.js';
import { ContextsController } from './contexts.controller.js';
import { DiscoveryController } from './discovery.controller.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';

@Global()
@Module({
  controllers: [DiscoveryController, ContextsController],
  providers: [JsonLdContextRegistry, ApiDescription],
  exports: [JsonLdContextRegistry, ApiDescription],
})
export class HttpModule {}
