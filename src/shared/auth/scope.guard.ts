import { applyDecorators, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ApiOAuth2 } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../http/problem.exception.js';
import type { Scope } from './scopes.js';

const REQUIRED_SCOPES = 'auth:required-scopes';
export const OAUTH2_SCHEME = 'oauth2';

/**
 * The scopes an operation needs from a restricted caller (an integration token, a scoped API key),
 * also declared in the OpenAPI document. Restricted callers are refused on operations without it.
 */
export const RequireScopes = (...scopes: Scope[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_SCOPES, scopes), ApiOAuth2(scopes, OAUTH2_SCHEME));

/**
 * Deny by default for restricted callers: every scope the operation names must be granted, and an
 * operation that names none (creating organizations, managing integrations and invitations) needs
 * an unrestricted partner API key. Answers 403 with RFC 6750's `insufficient_scope`.
 */
export function enforceScopes(reflector: Reflector, context: ExecutionContext, request: FastifyRequest): void {
  const granted = request.grantedScopes;
  if (!granted) return;
  const required = reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (!required) {
    throw ProblemException.of(
      403,
      'This operation needs a partner API key without scope restriction; integration tokens and scoped keys cannot call it.',
      { 'www-authenticate': 'Bearer error="insufficient_scope"' },
    );
  }
  const missing = required.filter((scope) => !granted.includes(scope));
  if (missing.length === 0) return;
  const names = missing.map((scope) => `"${scope}"`).join(', ');
  throw ProblemException.of(403, `This operation needs the scope ${names}, which this token was not granted.`, {
    'www-authenticate': `Bearer error="insufficient_scope", scope="${required.join(' ')}"`,
  });
}
