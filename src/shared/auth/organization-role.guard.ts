import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { validate as isUuid } from 'uuid';
import { ProblemException } from '../http/problem.exception.js';
import { roleOfCaller } from './caller-role.js';
import { OrganizationMembershipReader, type OrganizationRole } from './organization-role.js';

const REQUIRED_ROLE = 'auth:organization-role';

interface RoleRequirement {
  role: OrganizationRole;
  /** The 403 detail for a member whose role is not enough, e.g. "Only organization owners can ...". */
  forbiddenDetail: string;
}

/**
 * Requires the caller to hold `role` in the organization named by the `organizationId` route
 * parameter: unknown organization (or not a UUID) -> 404; where an owner is needed, anyone else
 * (member or not) -> 403 with `forbiddenDetail`; otherwise not a member -> 403.
 */
export function RequireOrganizationRole(
  role: OrganizationRole,
  forbiddenDetail = 'Only organization owners can do this.',
) {
  return applyDecorators(SetMetadata(REQUIRED_ROLE, { role, forbiddenDetail }), UseGuards(OrganizationRoleGuard));
}

export const organizationNotFound = (): ProblemException => ProblemException.of(404, 'Organization not found.');

@Injectable()
export class OrganizationRoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly memberships: OrganizationMembershipReader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.get<RoleRequirement | undefined>(REQUIRED_ROLE, context.getHandler());
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { organizationId?: string } }>>();
    const organizationId = request.params.organizationId;
    if (!request.partner && !request.integration) return false;
    if (!organizationId || !isUuid(organizationId)) throw organizationNotFound();

    const membership = await roleOfCaller(this.memberships, organizationId.toLowerCase(), request);
    if (!membership) throw organizationNotFound();
    if (requirement.role === 'owner' && membership.role !== 'owner') {
      throw ProblemException.of(403, requirement.forbiddenDetail);
    }
    if (membership.role === null) throw ProblemException.of(403, 'You are not a member of this organization.');
    return true;
  }
}
