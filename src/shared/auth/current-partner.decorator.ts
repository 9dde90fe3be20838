import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../http/problem.exception.js';
import type { AuthenticatedPartner } from './authenticated-partner.js';

/** The partner the global ApiKeyGuard authenticated. */
export const CurrentPartner = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedPartner => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  // An integration acts for one organization, not as a partner: partner-wide operations are not its.
  if (request.integration)
    throw ProblemException.of(403, 'This operation acts as a partner: call it with a partner API key.');
  const partner = request.partner;
  if (!partner) throw new Error('CurrentPartner used on a route that is not authenticated');
  return partner;
});
