import { Injectable } from '@nestjs/common';
import { Sql } from '../../shared/database/sql.js';
import type { OrganizationRole } from '../domain/organization-role.js';
import { type MemberView, OrganizationReadModel, type OrganizationView } from '../domain/organization.repository.js';

interface OrganizationRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface MemberRow {
  organization_id: string;
  id: string;
  email: string;
  name: string;
  role: OrganizationRole;
  joined_at: Date;
}

@Injectable()
export class TypeOrmOrganizationReadModel extends OrganizationReadModel {
  constructor(private readonly sql: Sql) {
    super();
  }

  async findOne(organizationId: string): Promise<OrganizationView | undefined> {
    const rows = await this.sql.rows<OrganizationRow>({
      text: 'SELECT id, name, created_at, updated_at, version FROM organizations WHERE id = $1',
      values: [organizationId],
    });
    return (await this.withMembers(rows))[0];
  }

  async listForPartner(
    partnerId: string,
    page: { offset: number; limit: number },
  ): Promise<{ totalItems: number; items: OrganizationView[] }> {
    const [{ total }] = await this.sql.rows<{ total: number }>({
      text: 'SELECT count(*)::int AS total FROM memberships WHERE partner_id = $1',
      values: [partnerId],
    });
    if (page.limit === 0 || total <= page.offset) return { totalItems: total, items: [] };
    const rows = await this.sql.rows<OrganizationRow>({
      text: `SELECT o.id, o.name, o.created_at, o.updated_at, o.version
         FROM memberships m JOIN organizations o ON o.id = m.organization_id
        WHERE m.partner_id = $1
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT $2 OFFSET $3`,
      values: [partnerId, page.limit, page.offset],
    });
    return { totalItems: total, items: await this.withMembers(rows) };
  }

  /** Loads the members of all given organizations in one query (no N+1). */
  private async withMembers(rows: OrganizationRow[]): Promise<OrganizationView[]> {
    if (rows.length === 0) return [];
    const members = await this.sql.rows<MemberRow>({
      text: `SELECT m.organization_id, p.id, p.email, p.name, m.role, m.joined_at
         FROM memberships m JOIN partners p ON p.id = m.partner_id
        WHERE m.organization_id = ANY($1::uuid[])
        ORDER BY m.joined_at, p.id`,
      values: [rows.map((row) => row.id)],
    });
    const byOrganization = new Map<string, MemberView[]>();
    for (const member of members) {
      const list = byOrganization.get(member.organization_id) ?? [];
      list.push({
        id: member.id,
        email: member.email,
        name: member.name,
        role: member.role,
        joinedAt: member.joined_at,
      });
      byOrganization.set(member.organization_id, list);
    }
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
      members: byOrganization.get(row.id) ?? [],
    }));
  }
}
