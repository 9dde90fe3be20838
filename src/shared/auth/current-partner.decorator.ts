import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedPartner } from './authenticated-partner.js';

/** The partner the global ApiKeyGuard authenticated. */
export const CurrentPartner = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedPartner => {
  const partner = context.switchToHttp().getRequest<FastifyRequest>().partner;
  if (!partner) throw new Error('CurrentPartner used on a route that is not authenticated');
  return partner;
});
