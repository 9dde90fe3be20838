import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation } from '../../shared/database/postgres-errors.js';
import { TransactionRunner } from '../../shared/database/transaction-runner.js';
import { requireVersion, type VersionCondition } from '../../shared/domain/version-condition.js';
import { ViolationList } from '../../shared/domain/violation.js';
import { OutboxWriter } from '../../shared/outbox/outbox-writer.js';
import type { InstanceCreated } from '../domain/instance-created.event.js';
import { InstanceError } from '../domain/instance.errors.js';
import { authorizationRefused, handleAlreadyUsed, transferTargetRefused } from '../domain/instance-rules.js';
import { Instance } from '../domain/instance.js';
import { InstanceRepository } from '../domain/instance.repository.js';
import { InstanceAuthorizedOrganizationEntity } from './instance-authorized-organization.entity.js';
import { InstanceEntity } from './instance.entity.js';
import { INSTANCE_COLUMNS } from './instance-list.sql.js';
import { instanceFromRow, type VersionedInstanceRow } from './instance-row.js';

@Injectable()
export class TypeOrmInstanceRepository extends InstanceRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  async add(instance: Instance, event: InstanceCreated): Promise<void> {
    try {
      await this.outbox.recordWith(
        {
          text: `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          values: [
            instance.id,
            instance.organizationId,
            instance.createdByOrganizationId,
            instance.name,
            instance.handle,
            instance.createdAt,
            instance.updatedAt,
          ],
          // Always one instance and one event: parsed and planned once per connection.
          prepared: true,
        },
        event,
      );
    } catch (error) {
      if (isUniqueViolation(error, 'instances_handle_key')) {
        const violations = new ViolationList();
        handleAlreadyUsed(violations);
        throw violations.toError();
      }
      // The organization was deleted after the guard let the request in.
      if (isForeignKeyViolation(error, 'instances_organization_fk')) throw InstanceError.organizationNotFound();
      throw error;
    }
  }

  async isHandleTaken(handle: string): Promise<boolean> {
    return this.dataSource.getRepository(InstanceEntity).existsBy({ handle });
  }

  async change(
    organizationId: string,
    instanceId: string,
    change: (instance: Instance) => void,
    condition?: VersionCondition,
  ): Promise<Instance> {
    try {
      return await this.transactions.run(async (manager) => {
        const instance = await this.loadLocked(manager, organizationId, instanceId, condition);
        const authorizedBefore = new Set(instance.authorizedOrganizationIds);
        change(instance);
        const events = instance.pullEvents();
        if (events.length === 0) return instance;
        await manager.update(
          InstanceEntity,
          { id: instance.id },
          {
            organizationId: instance.organizationId,
            name: instance.name,
            updatedAt: instance.updatedAt,
            deletedAt: instance.deletedAt,
            version: instance.version,
          },
        );
        await this.storeAuthorizations(manager, instance, authorizedBefore);
        await this.outbox.record(manager, ...events);
        return instance;
      });
    } catch (error) {
      // The target organization was deleted meanwhile (or never existed): the same answer as an
      // organization that is not authorized, so that existence is not revealed.
      if (isForeignKeyViolation(error, 'instances_organization_fk')) throw refused(transferTargetRefused);
      if (isForeignKeyViolation(error, 'instance_authorized_organizations_organization_fk')) {
        throw refused(authorizationRefused);
      }
      throw error;
    }
  }

  /**
   * `FOR UPDATE OF i` locks the instance row only: concurrent changes of it wait their turn. The
   * authorizations are read in a second statement on purpose: under READ COMMITTED that statement
   * sees what a change we waited for committed, where a subquery of the locking one would not.
   */
  private async loadLocked(
    manager: EntityManager,
    organizationId: string,
    instanceId: string,
    condition: VersionCondition | undefined,
  ): Promise<Instance> {
    const rows: VersionedInstanceRow[] = await manager.query(
      `SELECT ${INSTANCE_COLUMNS}, i.version
         FROM instances i
        WHERE i.id = $1 AND i.organization_id = $2 AND i.deleted_at IS NULL
          FOR UPDATE OF i`,
      [instanceId, organizationId],
    );
    const row = rows[0];
    requireVersion(condition, row?.version);
    if (!row) throw InstanceError.notFound();
    const authorized: { organization_id: string }[] = await manager.query(
      'SELECT a.organization_id FROM instance_authorized_organizations a WHERE a.instance_id = $1',
      [instanceId],
    );
    return instanceFromRow(
      row,
      authorized.map((a) => a.organization_id),
    );
  }

  private async storeAuthorizations(manager: EntityManager, instance: Instance, before: Set<string>): Promise<void> {
    const after = new Set(instance.authorizedOrganizationIds);
    const removed = [...before].filter((id) => !after.has(id));
    const added = [...after].filter((id) => !before.has(id));
    if (removed.length > 0) {
      await manager.query(
        'DELETE FROM instance_authorized_organizations WHERE instance_id = $1 AND organization_id = ANY($2::uuid[])',
        [instance.id, removed],
      );
    }
    if (added.length > 0) {
      await manager.insert(
        InstanceAuthorizedOrganizationEntity,
        added.map((organizationId) => ({ instanceId: instance.id, organizationId })),
      );
    }
  }
}

function refused(rule: (violations: ViolationList) => void): Error {
  const violations = new ViolationList();
  rule(violations);
  return violations.toError();
}
