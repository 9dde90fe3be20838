import { Global, Module } from '@nestjs/common';
import { ContextsController } from './contexts.controller.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';
import { RootController } from './root.controller.js';

@Global()
@Module({
  controllers: [ContextsController, RootController],
  providers: [JsonLdContextRegistry],
  exports: [JsonLdContextRegistry],
})
export class HttpModule {}
