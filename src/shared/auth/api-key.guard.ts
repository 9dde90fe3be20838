import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { FailedAuthentications } from './failed-authentications.js';
import { PartnerAuthenticator } from './partner-authenticator.js';
import { IS_PUBLIC } from './public.decorator.js';
import { bearerToken, unauthorized } from './unauthorized.js';

/** Global guard: every route needs a partner API key unless it is marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: PartnerAuthenticator,
    private readonly failures: FailedAuthentications,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized('An API key is required: send it as "Authorization: Bearer <key>".');
    this.failures.refuseIfExhausted(request.ip);
    const partner = await this.authenticator.authenticate(token);
    if (!partner) {
      this.failures.record(request.ip);
      throw unauthorized('The API key is invalid or has been revoked.');
    }
    request.partner = partner;
    return true;
  }
}
