import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error.js';
import type { DomainErrorStatuses } from './domain-error-statuses.js';
import type { Problem } from './problem.js';
import { problemFromError } from './problem-from-error.js';
import { sendProblem } from './send-problem.js';

/**
 * The one place where errors thrown by controllers, guards and pipes become problem documents;
 * a domain error gets the status its module registered for its code (DomainErrorStatuses).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly domainErrors: DomainErrorStatuses) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const problem = error instanceof DomainError ? this.domainProblem(error) : problemFromError(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : error);
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), problem);
  }

  private domainProblem(error: DomainError): Problem {
    const status = this.domainErrors.statusOf(error);
    if (status !== undefined) return { status, detail: error.message };
    // A module that registered no table (or a code outside it): a bug of ours, never a guess at a status.
    this.logger.error(`${error.name} "${error.code}" has no registered HTTP status (domainErrorStatuses).`);
    return { status: 500, detail: 'Internal Server Error' };
  }
}
