import type { ApiResponse } from './api-client.js';

/** What the wire format (shared/contract/wire-format.md) fixes, as the e2e tests check it. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** ISO 8601, UTC, second precision: `2026-01-31T12:00:00+00:00`. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
export const JSON_LD = 'application/ld+json; charset=utf-8';
export const PROBLEM = 'application/problem+json; charset=utf-8';

/** Constraint-violation codes (the Symfony constraint UUIDs the contract uses). */
export const VIOLATION_CODE = {
  notBlank: 'c1051bb4-d103-4f74-8988-acbcafc7fdc3',
  tooLong: 'd94b19cc-114f-4f44-9cc4-4138e80a87b9',
  pattern: 'de1e3db3-5ed4-4941-aae4-59f3667cc3a3',
  alreadyUsed: '23bd9dbf-6b9b-41cd-a99e-4844bcf3077f',
  invalidChoice: '8e179f1b-97aa-4560-a02f-2a8b42e49df7',
} as const;

/** The properties of an instance collection member, in the order they are served. */
export const INSTANCE_MEMBER_KEYS = [
  '@id',
  '@type',
  'id',
  'name',
  'handle',
  'created_at',
  'updated_at',
  'organization_id',
  'created_by_organization_id',
];
/** The properties of an instance served on its own: a member plus its `@context`. */
export const INSTANCE_KEYS = ['@context', ...INSTANCE_MEMBER_KEYS];

/** A problem document as the contract shapes it: JSON-LD keys, `description` repeating `detail`, no `instance`. */
export function expectProblem(response: ApiResponse, status: number, title: string, detail?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(PROBLEM);
  expect(response.body).toMatchObject({
    '@context': '/api/contexts/Error',
    '@id': `/api/errors/${status}`,
    '@type': 'Error',
    title,
    status,
    type: `/errors/${status}`,
  });
  expect(typeof response.body.detail).toBe('string');
  expect(response.body.description).toBe(response.body.detail);
  expect(response.body).not.toHaveProperty('instance');
  if (detail !== undefined) expect(response.body.detail).toBe(detail);
}
