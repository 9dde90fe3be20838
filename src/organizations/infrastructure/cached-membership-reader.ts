import { Injectable } from '@nestjs/common';
import { OrganizationMembershipReader } from '../../shared/auth/organization-role.js';
import { Sql } from '../../shared/database/sql.js';
import { type OrganizationRole, roleGrants } from '../domain/organization-role.js';
import { MembershipCache } from '../application/membership-cache.js';

/** Implements the shared membership port (for the organization role guard and other modules' use cases). */
@Injectable()
export class CachedMembershipReader extends OrganizationMembershipReader {
  constructor(
    private readonly sql: Sql,
    private readonly cache: MembershipCache,
  ) {
    super();
  }

  async roleOf(organizationId: string, partnerId: string): Promise<{ role: OrganizationRole | null } | undefined> {
    const cached = this.cache.get(organizationId, partnerId);
    if (cached) return cached;
    const rows = await this.sql.rows<{ role: OrganizationRole | null }>({
      text: `SELECT m.role FROM organizations o
         LEFT JOIN memberships m ON m.organization_id = o.id AND m.partner_id = $2
        WHERE o.id = $1`,
      values: [organizationId, partnerId],
    });
    if (rows.length === 0) return undefined;
    const result = { role: rows[0].role };
    this.cache.set(organizationId, partnerId, result);
    return result;
  }

  grants(held: string, required: string): boolean {
    return roleGrants(held as OrganizationRole, required);
  }
}
