import { Global, Module } from '@nestjs/common';
import { ApiDescription } from './api-description.js';
import { DomainErrorStatuses } from './domain-error-statuses.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';

@Global()
@Module({
  providers: [JsonLdContextRegistry, ApiDescription, DomainErrorStatuses],
  exports: [JsonLdContextRegistry, ApiDescription, DomainErrorStatuses],
})
export class HttpModule {}
