import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { validate as isUuid } from 'uuid';
import { ProblemException } from '../http/problem.exception.js';
import { callerHolds } from './caller-role.js';
import { OrganizationMembershipReader } from './organization-role.js';
import { IS_PUBLIC } from './public.decorator.js';

export const ORGANIZATION_ACCESS = 'auth:organization-access';

interface RoleRequirement {
  /** A role of the module that owns organizations (its port says what it grants); none: membership. */
  role?: string;
  /** The 403 detail for a caller who does not hold it, e.g. "Only organization owners can ...". */
  forbiddenDetail: string;
}

/** What a route declares: a role in the organization of its path, or explicitly none. */
export type OrganizationAccess = RoleRequirement | 'any partner';

const NOT_A_MEMBER = 'You are not a member of this organization.';

/** What a route with an `:organizationId` and no declaration requires: membership. */
const MEMBERSHIP: RoleRequirement = { forbiddenDetail: NOT_A_MEMBER };

/**
 * Requires the caller to hold `role` in the organization named by the `organizationId` route
 * parameter: unknown organization (or not a UUID) -> 404; anyone who does not hold it (member or
 * not) -> 403 with `forbiddenDetail`. On a method or a whole controller (the method's declaration
 * wins). The organizations module names the roles (`OwnersOnly`, `MembersOnly`).
 */
export function RequireOrganizationRole(
  role: string,
  forbiddenDetail = NOT_A_MEMBER,
): ClassDecorator & MethodDecorator {
  return SetMetadata<string, OrganizationAccess>(ORGANIZATION_ACCESS, { role, forbiddenDetail });
}

/** Any authenticated partner, whatever its organizations (create one, list one's own). */
export const AnyPartner = (): ClassDecorator & MethodDecorator =>
  SetMetadata<string, OrganizationAccess>(ORGANIZATION_ACCESS, 'any partner');

const organizationNotFound = (): ProblemException => ProblemException.of(404, 'Organization not found.');

/**
 * Global guard, after authentication (ApiKeyGuard says who the caller is; this one what it may do
 * in the organization of the path). Deny by default: a route with an `:organizationId` that
 * declares nothing requires membership; a route must say @AnyPartner() to need none
 * (test/e2e/route-access.spec.ts fails on a route that declares nothing).
 */
@Injectable()
export class OrganizationRoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly memberships: OrganizationMembershipReader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const declared = this.reflector.getAllAndOverride<OrganizationAccess | undefined>(ORGANIZATION_ACCESS, targets);
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { organizationId?: string } }>>();
    // Authentication runs first; a request that reaches here without a caller is refused, not let in.
    if (!request.partner && !request.integration) return false;
    const hasOrganization = 'organizationId' in (request.params ?? {});
    if (declared === 'any partner') return true;
    const requirement = declared ?? (hasOrganization ? MEMBERSHIP : undefined);
    if (!requirement) return true;
    const organizationId = request.params.organizationId;
    if (!organizationId || !isUuid(organizationId)) throw organizationNotFound();

    const holds = await callerHolds(this.memberships, organizationId, request, requirement.role);
    if (holds === undefined) throw organizationNotFound();
    if (!holds) throw ProblemException.of(403, requirement.forbiddenDetail);
    return true;
  }
}
