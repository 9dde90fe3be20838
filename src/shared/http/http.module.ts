import { Global, Module } from '@nestjs/common';
import { ApiDescription } from './api-description.js';
import { DomainErrorStatuses } from './domain-error-statuses.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';
import { OpenApiTagRegistry } from './openapi-tags.js';

@Global()
@Module({
  providers: [JsonLdContextRegistry, OpenApiTagRegistry, ApiDescription, DomainErrorStatuses],
  exports: [JsonLdContextRegistry, OpenApiTagRegistry, ApiDescription, DomainErrorStatuses],
})
export class HttpModule {}
