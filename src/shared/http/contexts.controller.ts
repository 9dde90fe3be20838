import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { JsonLdContextRegistry } from './json-ld-context.registry.js';
import { ProblemException } from './problem.exception.js';

@ApiExcludeController()
@Public()
@Controller('api/contexts')
export class ContextsController {
  constructor(private readonly contexts: JsonLdContextRegistry) {}

  @Get(':type')
  contextOf(@Param('type') type: string, @Req() request: FastifyRequest): Record<string, unknown> {
    const context = this.contexts.contextOf(type, `${request.protocol}://${request.host}`);
    if (!context) throw ProblemException.of(404, `No JSON-LD context for "${type}".`);
    return context;
  }
}
