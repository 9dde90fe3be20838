import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Problem, renderProblem, wantsPlainProblem } from './problem.js';

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): void {
  const { body, headers } = renderProblem(problem, wantsPlainProblem(request.headers.accept));
  void reply.code(problem.status).headers(headers).send(body);
}
