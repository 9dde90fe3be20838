import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type OrganizationDependent, OrganizationDependents } from '../../organizations/index.js';
import { isForeignKeyViolation } from '../../shared/database/postgres-errors.js';
import { OutboxWriter } from '../../shared/outbox/outbox-writer.js';
import { InstanceOrganizationUnauthorized } from '../domain/instance-lifecycle.events.js';

/**
 * Withdraws every authorization an organization holds on other organizations' instances, in the
 * caller's transaction (the organization's deletion), with one InstanceOrganizationUnauthorized
 * event per live instance, as a withdrawal through the API records. The instance rows are locked
 * first, so that this waits for, and is waited for by, concurrent changes of those instances.
 */
async function withdrawAuthorizationsOf(
  manager: EntityManager,
  outbox: OutboxWriter,
  organizationId: string,
  now = new Date(),
): Promise<void> {
  const instances: { id: string; organization_id: string }[] = await manager.query(
    `SELECT i.id, i.organization_id
       FROM instances i JOIN instance_authorized_organizations a ON a.instance_id = i.id
      WHERE a.organization_id = $1 AND i.deleted_at IS NULL
      ORDER BY i.id
        FOR UPDATE OF i`,
    [organizationId],
  );
  await manager.query('DELETE FROM instance_authorized_organizations WHERE organization_id = $1', [organizationId]);
  if (instances.length === 0) return;
  await manager.query('UPDATE instances SET updated_at = $2 WHERE id = ANY($1::uuid[])', [
    instances.map((instance) => instance.id),
    now,
  ]);
  await outbox.record(
    manager,
    ...instances.map(
      (instance) =>
        new InstanceOrganizationUnauthorized(uuidv7(), instance.id, instance.organization_id, organizationId, now),
    ),
  );
}

/** The instances module's part in an organization's deletion, asked through the organizations port. */
@Injectable()
export class InstancesOfOrganization implements OrganizationDependent, OnModuleInit {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly dependents: OrganizationDependents,
  ) {}

  onModuleInit(): void {
    this.dependents.register(this);
  }

  release(manager: EntityManager, organizationId: string): Promise<void> {
    return withdrawAuthorizationsOf(manager, this.outbox, organizationId);
  }

  /**
   * A trigger refuses, atomically, to delete an organization that owns live instances; it raises a
   * foreign key violation on the instances' constraint (migration InstanceLifecycle).
   */
  refusesDeletion(error: unknown): boolean {
    return isForeignKeyViolation(error, 'instances_organization_fk');
  }
}
