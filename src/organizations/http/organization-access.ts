import { applyDecorators } from '@nestjs/common';
import { RequireOrganizationRole } from '../../shared/auth/organization-role.guard.js';
import { ApiProblems } from '../../shared/http/openapi-schemas.js';
import type { OrganizationRole } from '../domain/organization-role.js';

/**
 * How an operation documents the answers of its access rule, when they say more than the rule
 * (another reason for a 403, what else may be not found).
 */
export interface DocumentedAccess {
  forbidden?: string;
  notFound?: string;
}

const ORGANIZATION_NOT_FOUND = 'Organization not found';

const requireRole = (
  role: OrganizationRole,
  forbiddenDetail: string | undefined,
  forbidden: string,
  notFound: string,
) => applyDecorators(RequireOrganizationRole(role, forbiddenDetail), ApiProblems({ 403: forbidden, 404: notFound }));

/**
 * Owners of the organization of the path only; anyone else gets 403 with `forbiddenDetail`,
 * which the operation documents as its 403 unless `documented` says more.
 */
export const OwnersOnly = (forbiddenDetail: string, documented: DocumentedAccess = {}): MethodDecorator =>
  requireRole(
    'owner',
    forbiddenDetail,
    documented.forbidden ?? forbiddenDetail.replace(/\.$/, ''),
    documented.notFound ?? ORGANIZATION_NOT_FOUND,
  );

/** Members (and owners) of the organization of the path; anyone else gets 403. */
export const MembersOnly = (documented: DocumentedAccess = {}): MethodDecorator =>
  requireRole('member', undefined, documented.forbidden ?? 'Forbidden', documented.notFound ?? ORGANIZATION_NOT_FOUND);
