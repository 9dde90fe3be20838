import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganizationRole } from '../domain/organization-role.js';
import { TransactionRunner } from '../../shared/database/transaction-runner.js';
import { requireVersion, type VersionCondition } from '../../shared/domain/version-condition.js';
import { MembershipRoster } from '../domain/membership-roster.js';
import { Organization } from '../domain/organization.js';
import { OrganizationError } from '../domain/organization.errors.js';
import { OrganizationRepository } from '../domain/organization.repository.js';
import { MembershipEntity } from './membership.entity.js';
import { OrganizationDependents } from './organization-dependents.js';
import { OrganizationEntity } from './organization.entity.js';

@Injectable()
export class TypeOrmOrganizationRepository extends OrganizationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly dependents: OrganizationDependents,
  ) {
    super();
  }

  async create(organization: Organization, ownerId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await manager.insert(OrganizationEntity, toRow(organization));
      await manager.insert(MembershipEntity, {
        organizationId: organization.id,
        partnerId: ownerId,
        role: 'owner',
        joinedAt: organization.createdAt,
      });
    });
  }

  async change(
    organizationId: string,
    change: (organization: Organization) => void,
    condition?: VersionCondition,
  ): Promise<void> {
    await this.transactions.run(async (manager) => {
      const [row]: OrganizationEntity[] = await manager.query(
        `SELECT id, name, created_at AS "createdAt", updated_at AS "updatedAt", version
           FROM organizations WHERE id = $1 FOR UPDATE`,
        [organizationId],
      );
      requireVersion(condition, row?.version);
      if (!row) throw OrganizationError.notFound();
      const organization = Organization.restore(row.id, row.name, row.createdAt, row.updatedAt, row.version);
      change(organization);
      await manager.update(OrganizationEntity, { id: organization.id }, toRow(organization));
    });
  }

  async delete(organizationId: string, condition?: VersionCondition): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        // What it holds in other modules (authorizations on instances) goes with it; those instances
        // are locked before the organization, in the order their own writes lock them.
        await this.dependents.release(manager, organizationId);
        await lockVersion(manager, organizationId, condition);
        await manager.delete(OrganizationEntity, { id: organizationId });
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
    return this.dataSource.transaction(async (manager) => {
      // Locking the organization row serializes every roster change of this organization.
      await lockVersion(manager, organizationId, condition);
      const rows = await manager.find(MembershipEntity, { where: { organizationId } });
      const before = new Map(rows.map((row) => [row.partnerId, row.role] as [string, OrganizationRole]));
      const roster = new MembershipRoster(before);
      const result = change(roster);
      const after = roster.memberships;
      // A roster only changes roles and removes: members join by accepting an invitation.
      let changed = false;
      for (const [partnerId, previous] of before) {
        const role = after.get(partnerId);
        if (role === undefined) await manager.delete(MembershipEntity, { organizationId, partnerId });
        else if (role !== previous) await manager.update(MembershipEntity, { organizationId, partnerId }, { role });
        changed ||= role !== previous;
      }
      if (changed)
        await manager.query('UPDATE organizations SET version = version + 1 WHERE id = $1', [organizationId]);
      return result;
    });
  }
}

function toRow(organization: Organization): OrganizationEntity {
  return {
    id: organization.id,
    name: organization.name,
    createdAt: organization.createdAt,
    updatedAt: organization.updatedAt,
    version: organization.version,
  };
}

/** Locks the organization row and checks `condition` against its version; unknown -> notFound. */
async function lockVersion(
  manager: EntityManager,
  organizationId: string,
  condition: VersionCondition | undefined,
): Promise<void> {
  const [row]: { version: number }[] = await manager.query(
    'SELECT version FROM organizations WHERE id = $1 FOR UPDATE',
    [organizationId],
  );
  requireVersion(condition, row?.version);
  if (!row) throw OrganizationError.notFound();
}
