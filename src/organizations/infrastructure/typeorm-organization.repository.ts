import { Injectable } from '@nestjs/common';
import type { OrganizationRole } from '../domain/organization-role.js';
import { requireVersion, type VersionCondition } from '../../shared/domain/version-condition.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';
import type { Work } from '../../shared/outbox/work.js';
import { MembershipRoster } from '../domain/membership-roster.js';
import { Organization } from '../domain/organization.js';
import { OrganizationError } from '../domain/organization.errors.js';
import { OrganizationRepository } from '../domain/organization.repository.js';
import { OrganizationDependents } from './organization-dependents.js';

interface OrganizationRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

@Injectable()
export class TypeOrmOrganizationRepository extends OrganizationRepository {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dependents: OrganizationDependents,
  ) {
    super();
  }

  async create(organization: Organization, ownerId: string): Promise<void> {
    await this.unitOfWork.statement({
      text: `WITH organization AS (
               INSERT INTO organizations (id, name, created_at, updated_at, version) VALUES ($1, $2, $3, $3, $4)
             )
             INSERT INTO memberships (organization_id, partner_id, role, joined_at) VALUES ($1, $5, 'owner', $3)`,
      values: [organization.id, organization.name, organization.createdAt, organization.version, ownerId],
    });
  }

  async change(
    organizationId: string,
    change: (organization: Organization) => void,
    condition?: VersionCondition,
  ): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const [row] = await work.rows<OrganizationRow>({
        text: 'SELECT id, name, created_at, updated_at, version FROM organizations WHERE id = $1 FOR UPDATE',
        values: [organizationId],
      });
      requireVersion(condition, row?.version);
      if (!row) throw OrganizationError.notFound();
      const organization = Organization.restore(row.id, row.name, row.created_at, row.updated_at, row.version);
      change(organization);
      // Every change makes a new version; a change that changes nothing writes nothing.
      if (organization.version === row.version) return;
      await work.rows({
        text: 'UPDATE organizations SET name = $2, updated_at = $3, version = $4 WHERE id = $1',
        values: [organization.id, organization.name, organization.updatedAt, organization.version],
      });
    });
  }

  async delete(organizationId: string, condition?: VersionCondition): Promise<void> {
    try {
      await this.unitOfWork.run(async (work) => {
        // What it holds in other modules (authorizations on instances) goes with it; those instances
        // are locked before the organization, in the order their own writes lock them.
        await this.dependents.release(work, organizationId);
        await lockVersion(work, organizationId, condition);
        await work.rows({ text: 'DELETE FROM organizations WHERE id = $1', values: [organizationId] });
      });
    } catch (error) {
      // The module owning the data refuses atomically (for instances: a trigger, see its migrations).
      if (this.dependents.refusesDeletion(error)) throw OrganizationError.stillOwnsInstances();
      throw error;
    }
  }

  async changeRoster<T>(
    organizationId: string,
    change: (roster: MembershipRoster) => T,
    condition?: VersionCondition,
  ): Promise<T> {
    return this.unitOfWork.run(async (work) => {
      // Locking the organization row serializes every roster change of this organization.
      await lockVersion(work, organizationId, condition);
      const rows = await work.rows<{ partner_id: string; role: OrganizationRole }>({
        text: 'SELECT partner_id, role FROM memberships WHERE organization_id = $1',
        values: [organizationId],
      });
      const before = new Map(rows.map((row) => [row.partner_id, row.role]));
      const roster = new MembershipRoster(before);
      const result = change(roster);
      const after = roster.memberships;
      // A roster only changes roles and removes: members join by accepting an invitation.
      const removed = [...before.keys()].filter((partnerId) => !after.has(partnerId));
      const changed = [...after].filter(([partnerId, role]) => before.get(partnerId) !== role);
      if (removed.length === 0 && changed.length === 0) return result;
      await work.rows({
        text: `WITH removed AS (
                 DELETE FROM memberships WHERE organization_id = $1 AND partner_id = ANY($2::uuid[])
               ),
               changed AS (
                 UPDATE memberships m SET role = c.role
                   FROM unnest($3::uuid[], $4::text[]) AS c(partner_id, role)
                  WHERE m.organization_id = $1 AND m.partner_id = c.partner_id
               )
               UPDATE organizations SET version = version + 1 WHERE id = $1`,
        values: [organizationId, removed, changed.map(([partnerId]) => partnerId), changed.map(([, role]) => role)],
      });
      return result;
    });
  }
}

/** Locks the organization row and checks `condition` against its version; unknown -> notFound. */
async function lockVersion(work: Work, organizationId: string, condition: VersionCondition | undefined): Promise<void> {
  const [row] = await work.rows<{ version: number }>({
    text: 'SELECT version FROM organizations WHERE id = $1 FOR UPDATE',
    values: [organizationId],
  });
  requireVersion(condition, row?.version);
  if (!row) throw OrganizationError.notFound();
}
