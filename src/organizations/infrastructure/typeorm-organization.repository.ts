import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganizationRole } from '../../shared/auth/organization-role.js';
import { TransactionRunner } from '../../shared/database/transaction-runner.js';
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

  async findById(organizationId: string): Promise<Organization | undefined> {
    const row = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organizationId });
    return row ? Organization.restore(row.id, row.name, row.createdAt, row.updatedAt) : undefined;
  }

  async save(organization: Organization): Promise<void> {
    await this.dataSource.getRepository(OrganizationEntity).update({ id: organization.id }, toRow(organization));
  }

  async delete(organizationId: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        // What it holds in other modules (authorizations on instances) goes with it.
        await this.dependents.release(manager, organizationId);
        const result = await manager.delete(OrganizationEntity, { id: organizationId });
        if ((result.affected ?? 0) === 0) throw OrganizationError.notFound();
      });
    } catch (error) {
      // The module owning the data refuses atomically (for instances: a trigger, see its migrations).
      if (this.dependents.refusesDeletion(error)) throw OrganizationError.stillOwnsInstances();
      throw error;
    }
  }

  async changeRoster<T>(organizationId: string, change: (roster: MembershipRoster) => T): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      // Locking the organization row serializes every roster change of this organization.
      const locked: unknown[] = await manager.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [
        organizationId,
      ]);
      if (locked.length === 0) throw OrganizationError.notFound();
      const rows = await manager.find(MembershipEntity, { where: { organizationId } });
      const before = new Map(rows.map((row) => [row.partnerId, row.role] as [string, OrganizationRole]));
      const roster = new MembershipRoster(before);
      const result = change(roster);
      const after = roster.memberships;
      // A roster only changes roles and removes: members join by accepting an invitation.
      for (const [partnerId, previous] of before) {
        const role = after.get(partnerId);
        if (role === undefined) await manager.delete(MembershipEntity, { organizationId, partnerId });
        else if (role !== previous) await manager.update(MembershipEntity, { organizationId, partnerId }, { role });
      }
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
  };
}
