import { ArgumentsHost, Catch, ExceptionFilter, Type } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../domain/domain-error.js';
import { sendProblem } from './send-problem.js';

/**
 * A filter for one module's domain errors, answering each code with the status from the module's
 * table. `Record<Code, number>` makes the compiler insist that every code has a status.
 */
export function domainErrorFilter<Code extends string>(
  errorType: abstract new (code: Code, message: string) => DomainError<Code>,
  statusByCode: Readonly<Record<Code, number>>,
): Type<ExceptionFilter> {
  @Catch(errorType)
  class ModuleDomainErrorFilter implements ExceptionFilter {
    catch(error: DomainError<Code>, host: ArgumentsHost): void {
      const http = host.switchToHttp();
      sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), {
        status: statusByCode[error.code],
        detail: error.message,
      });
    }
  }
  return ModuleDomainErrorFilter;
}
