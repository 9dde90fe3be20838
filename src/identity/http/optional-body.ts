import { type ArgumentMetadata, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { JsonBodyPipe } from '../../shared/http/json-body.pipe.js';

/**
 * A JSON body that may be left out entirely (read as `{}`), validated like every other body. The
 * global pipe refuses a missing body, and does not run on custom parameter decorators like this one.
 */
export const OptionalBody = () =>
  createParamDecorator(
    (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().body ?? {},
  )(OptionalJsonBodyPipe);

@Injectable()
class OptionalJsonBodyPipe extends JsonBodyPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return super.transform(value, { ...metadata, type: 'body' });
  }
}
