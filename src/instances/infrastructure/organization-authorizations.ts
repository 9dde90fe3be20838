import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type OrganizationDependent, OrganizationDependents } from '../../organizations/index.js';
import { isForeignKeyViolation } from '../../shared/database/postgres-errors.js';
import type { Work } from '../../shared/outbox/work.js';
import { INSTANCE_COLUMNS } from './instance-list.sql.js';
import { instanceFromRow, type VersionedInstanceRow } from './instance-row.js';

/**
 * Withdraws every authorization an organization holds on other organizations' instances, in the
 * caller's transaction (the organization's deletion), with one InstanceOrganizationUnauthorized
 * event per live instance, as a withdrawal through the API records (the domain builds them, with
 * the instance as its owner sees it afterwards). The instance rows are locked first, so that this
 * waits for, and is waited for by, concurrent changes of those instances; their authorizations are
 * read after the lock, so that they include what a change we waited for committed.
 */
async function withdrawAuthorizationsOf(work: Work, organizationId: string, now = new Date()): Promise<void> {
  const rows = await work.rows<VersionedInstanceRow>({
    text: `SELECT ${INSTANCE_COLUMNS}, i.version
             FROM instances i JOIN instance_authorized_organizations a ON a.instance_id = i.id
            WHERE a.organization_id = $1 AND i.deleted_at IS NULL
            ORDER BY i.id
              FOR UPDATE OF i`,
    values: [organizationId],
  });
  const ids = rows.map((row) => row.id);
  const authorizations = ids.length
    ? await work.rows<{ instance_id: string; organization_id: string }>({
        text: 'SELECT instance_id, organization_id FROM instance_authorized_organizations WHERE instance_id = ANY($1::uuid[])',
        values: [ids],
      })
    : [];
  await work.rows({
    text: 'DELETE FROM instance_authorized_organizations WHERE organization_id = $1',
    values: [organizationId],
  });
  if (rows.length === 0) return;
  await work.rows({
    text: 'UPDATE instances SET updated_at = $2, version = version + 1 WHERE id = ANY($1::uuid[])',
    values: [ids, now],
  });
  for (const row of rows) {
    const instance = instanceFromRow(
      row,
      authorizations.filter((a) => a.instance_id === row.id).map((a) => a.organization_id),
    );
    instance.unauthorize(organizationId, now);
    work.saved(instance);
  }
}

/** The instances module's part in an organization's deletion, asked through the organizations port. */
@Injectable()
export class InstancesOfOrganization implements OrganizationDependent, OnModuleInit {
  constructor(private readonly dependents: OrganizationDependents) {}

  onModuleInit(): void {
    this.dependents.register(this);
  }

  release(work: Work, organizationId: string): Promise<void> {
    return withdrawAuthorizationsOf(work, organizationId);
  }

  /**
   * A trigger refuses, atomically, to delete an organization that owns live instances; it raises a
   * foreign key violation on the instances' constraint (migration InstanceLifecycle).
   */
  refusesDeletion(error: unknown): boolean {
    return isForeignKeyViolation(error, 'instances_organization_fk');
  }
}
