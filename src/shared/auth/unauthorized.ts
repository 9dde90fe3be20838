import { ProblemException } from '../http/problem.exception.js';

export function unauthorized(detail: string): ProblemException {
  return ProblemException.of(401, detail, { 'www-authenticate': 'Bearer' });
}

/** RFC 6750: an expired, tampered, foreign or revoked access token. */
export function invalidToken(description: string): ProblemException {
  const quoted = description.replace(/["\\]/g, '');
  return ProblemException.of(401, `The access token is invalid: ${description}`, {
    'www-authenticate': `Bearer error="invalid_token", error_description="${quoted}"`,
  });
}
