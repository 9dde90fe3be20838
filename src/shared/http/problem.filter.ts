import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemFromError } from './problem-from-error.js';
import { sendProblem } from './send-problem.js';

/** The one place where errors thrown by controllers, guards and pipes become problem documents. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const problem = problemFromError(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : error);
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), problem);
  }
}
