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

/**
 * Who acts on an organization route, for rules that depend on it (a member may remove only
 * itself): the partner's id, or null for an integration token, which acts for its own
 * organization with the owner role (the role guard has checked the organization).
 */
export const ActingPartnerId = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (request.integration) return null;
  const partner = request.partner;
  if (!partner) throw new Error('ActingPartnerId used on a route that is not authenticated');
  return partner.id;
});
