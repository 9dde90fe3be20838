import { applyDecorators, CanActivate, Injectable, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Environment } from '../../config/environment.js';
import { ProblemException } from '../http/problem.exception.js';
import { FailedAuthentications } from './failed-authentications.js';
import { Public } from './public.decorator.js';
import { bearerToken } from '../http/bearer-token.js';
import { unauthorized } from './unauthorized.js';

/**
 * Operator routes: `Authorization: Bearer $ADMIN_API_KEY`, compared in constant time. While the
 * variable is unset the routes do not exist (404).
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly adminKeyDigest?: Buffer;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly failures: FailedAuthentications,
  ) {
    const key = config.get('ADMIN_API_KEY', { infer: true });
    if (key) this.adminKeyDigest = digest(key);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.adminKeyDigest) throw ProblemException.of(404, 'Not Found');
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized('The admin API key is required: send it as "Authorization: Bearer <key>".');
    this.failures.refuseIfExhausted(request.ip);
    // Comparing fixed-length digests keeps the comparison constant-time whatever the token's length.
    if (!timingSafeEqual(digest(token), this.adminKeyDigest)) {
      this.failures.record(request.ip);
      throw unauthorized('The admin API key is invalid.');
    }
    request.operator = true;
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Marks a controller as an operator route: admin key instead of a partner key. */
export const AdminOnly = (): ClassDecorator & MethodDecorator =>
  applyDecorators(Public(), UseGuards(AdminKeyGuard), ApiBearerAuth('adminKey'));
