import { Global, Module } from '@nestjs/common';
import { ApiDescription } from './api-description.js';
import { ContextsController } from './contexts.controller.js';
import { DiscoveryController } from './discovery.controller.js';
import { DomainErrorStatuses } from './domain-error-statuses.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';
import { RootController } from './root.controller.js';

@Global()
@Module({
  controllers: [DiscoveryController, ContextsController, RootController],
  providers: [JsonLdContextRegistry, ApiDescription, DomainErrorStatuses],
  exports: [JsonLdContextRegistry, ApiDescription, DomainErrorStatuses],
})
export class HttpModule {}
