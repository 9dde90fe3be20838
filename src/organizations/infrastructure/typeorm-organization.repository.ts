import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganizationRole } from '../../shared/auth/organization-role.js';
import { TransactionRunner } from '../../shared/database/transaction-runner.js';
import { isForeignKeyViolation } from '../../shared/database/postgres-errors.js';
import { withdrawAuthorizationsOf } from '../../instances/index.js';
import { OutboxWriter } from '../../shared/outbox/outbox-writer.js';
import { requireVersion, type VersionCondition } from '../../shared/domain/version-condition.js';
import { MembershipRoster } from '../domain/membership-roster.js';
import { Organization } from '../domain/organization.js';
import { OrganizationError } from '../domain/organization.errors.js';
import { OrganizationRepository } from '../domain/organization.repository.js';
import { MembershipEntity } from './membership.entity.js';
import { OrganizationEntity } from './organization.entity.js';

@Injectable()
export class TypeOrmOrganizationRepository extends OrganizationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxWriter,
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
        // Its authorizations on other organizations' instances go with it, each with its event. The
        // instances are locked before the organization, in the order their own writes lock them.
        await withdrawAuthorizationsOf(manager, this.outbox, organizationId);
        await lockVersion(manager, organizationId, condition);
        await manager.delete(OrganizationEntity, { id: organizationId });
      });
    } catch (error) {
      // A trigger refuses, atomically, to delete an organization that owns live instances; it raises
      // a foreign key violation on the instances' constraint (migration InstanceLifecycle).
      if (isForeignKeyViolation(error, 'instances_organization_fk')) {
        throw OrganizationError.stillOwnsInstances();
      }
      throw error;
    }
  }

  async changeRoster<T>(
    organizationId: string,
    change: (roster: MembershipRoster) => T,
    condition?: VersionCondition,
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Locking the organization row serializes every roster change of this organization.
        await lockVersion(manager, organizationId, condition);
        const rows = await manager.find(MembershipEntity, { where: { organizationId } });
        const before = new Map(rows.map((row) => [row.partnerId, row.role] as [string, OrganizationRole]));
        const roster = new MembershipRoster(before);
        const result = change(roster);
        const after = roster.memberships;
        for (const [partnerId] of before) {
          if (!after.has(partnerId)) await manager.delete(MembershipEntity, { organizationId, partnerId });
        }
        for (const [partnerId, role] of after) {
          const previous = before.get(partnerId);
          if (previous === undefined) {
            await manager.insert(MembershipEntity, { organizationId, partnerId, role, joinedAt: new Date() });
          } else if (previous !== role) {
            await manager.update(MembershipEntity, { organizationId, partnerId }, { role });
          }
        }
        const changed = after.size !== before.size || [...after].some(([id, role]) => before.get(id) !== role);
        if (changed)
          await manager.query('UPDATE organizations SET version = version + 1 WHERE id = $1', [organizationId]);
        return result;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw OrganizationError.partnerNotFound();
      throw error;
    }
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
