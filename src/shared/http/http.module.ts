import { Global, Module } from '@nestjs/common';
import { ContextsController } from './contexts.controller.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';

@Global()
@Module({
  controllers: [ContextsController],
  providers: [JsonLdContextRegistry],
  exports: [JsonLdContextRegistry],
})
export class HttpModule {}
