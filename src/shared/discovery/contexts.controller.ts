import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ApiDescription } from '../http/api-description.js';
import { JsonLdContextRegistry } from '../http/json-ld-context.registry.js';
import { ApiJsonLdResponse, ApiProblems, JsonLdContextDocument } from '../http/openapi-schemas.js';
import { ProblemException } from '../http/problem.exception.js';

@ApiTags('JSON-LD')
@Public()
@Controller('api/contexts')
export class ContextsController {
  constructor(
    private readonly contexts: JsonLdContextRegistry,
    private readonly description: ApiDescription,
  ) {}

  @Get(':type')
  @ApiOperation({
    operationId: 'getJsonLdContext',
    summary: 'Get the JSON-LD context of a resource type.',
    description:
      'The context document every `@context` of a response points to, so that a JSON-LD processor can expand it. Needs no API key.',
    security: [],
  })
  @ApiParam({ name: 'type', description: 'A resource type, as in `@type`', example: 'Error' })
  @ApiJsonLdResponse(200, JsonLdContextDocument, 'The JSON-LD context')
  @ApiProblems({ 404: 'No context for this type' })
  contextOf(@Param('type') type: string): Record<string, unknown> {
    if (type === 'Entrypoint') return this.description.hydraDocumentation().entrypointContext();
    const context = this.contexts.contextOf(type);
    if (!context) throw ProblemException.of(404, `No JSON-LD context for "${type}".`);
    return context;
  }
}
