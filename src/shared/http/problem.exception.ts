import type { Problem } from './problem.js';

/** Thrown by the HTTP layer (guards, pipes) to answer with a problem document. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ProblemException';
  }

  static of(status: number, detail: string, headers?: Record<string, string>): ProblemException {
    return new ProblemException({ status, detail, headers });
  }
}
