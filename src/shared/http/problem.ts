import { STATUS_CODES } from 'node:http';
import type { Violation } from '../domain/violation.js';

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const JSON_LD_ERROR_LINK = '<http://www.w3.org/ns/hydra/error>; rel="http://www.w3.org/ns/json-ld#error"';

/** An RFC 7807 problem, before it is rendered in the flavour the client asked for. */
export interface Problem {
  status: number;
  detail: string;
  violations?: readonly Violation[];
  headers?: Readonly<Record<string, string>>;
}

export interface RenderedProblem {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Renders a problem as API Platform does: the JSON-LD variant (with `@` keys and `description`)
 * unless the client asked for plain `application/problem+json` or `application/json`.
 */
export function renderProblem(problem: Problem, plain: boolean): RenderedProblem {
  const { status, violations } = problem;
  const title = STATUS_CODES[status] ?? 'Error';
  // A 5xx never tells more than its reason phrase: no message, stack, SQL or driver detail.
  const detail = status >= 500 ? (STATUS_CODES[status] ?? 'Internal Server Error') : problem.detail;
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE, ...problem.headers };

  if (violations && violations.length > 0) {
    const ids =
      violations.length === 1 ? violations[0].code : violations.map((v, index) => `${index}=${v.code}`).join(';');
    const type = `/validation_errors/${ids}`;
    const items = violations.map(({ propertyPath, message, code }) => ({ propertyPath, message, code }));
    // Key order as API Platform serializes a ValidationException (the contract's 422 rules).
    if (plain) return { body: { status, violations: items, detail, type, title }, headers };
    headers.link = JSON_LD_ERROR_LINK;
    return {
      body: {
        '@context': '/api/contexts/ConstraintViolation',
        '@id': `/api${type}`,
        '@type': 'ConstraintViolation',
        status,
        violations: items,
        detail,
        description: detail,
        type,
        title,
      },
      headers,
    };
  }

  const type = `/errors/${status}`;
  if (plain) return { body: { title, detail, status, type }, headers };
  headers.link = JSON_LD_ERROR_LINK;
  return {
    body: {
      '@context': '/api/contexts/Error',
      '@id': `/api${type}`,
      '@type': 'Error',
      title,
      detail,
      status,
      type,
      description: detail,
    },
    headers,
  };
}

/** Plain problem JSON when the client asked for it and not for JSON-LD. */
export function wantsPlainProblem(accept: string | undefined): boolean {
  if (!accept) return false;
  return /application\/(problem\+)?json/i.test(accept) && !/application\/ld\+json/i.test(accept);
}
