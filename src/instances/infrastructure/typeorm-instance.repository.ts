import { Injectable } from '@nestjs/common';
import { isForeignKeyViolation } from '../../shared/database/postgres-errors.js';
import { Sql, type Statement } from '../../shared/database/sql.js';
import { requireVersion, type VersionCondition } from '../../shared/domain/version-condition.js';
import { ViolationList } from '../../shared/domain/violation.js';
import type { CoalescedInserts } from '../../shared/outbox/coalesced-inserts.js';
import { UnitOfWork } from '../../shared/outbox/unit-of-work.js';
import type { Work } from '../../shared/outbox/work.js';
import { InstanceError } from '../domain/instance.errors.js';
import { authorizationRefused, handleAlreadyUsed, transferTargetRefused } from '../domain/instance-rules.js';
import type { Instance } from '../domain/instance.js';
import { InstanceRepository } from '../domain/instance.repository.js';
import { INSTANCE_COLUMNS } from './instance-list.sql.js';
import { instanceFromRow, type VersionedInstanceRow } from './instance-row.js';

@Injectable()
export class TypeOrmInstanceRepository extends InstanceRepository {
  /** Creates from concurrent requests, one statement for many (see CoalescedInserts). */
  private readonly creates: CoalescedInserts<Instance>;

  constructor(
    private readonly sql: Sql,
    private readonly unitOfWork: UnitOfWork,
  ) {
    super();
    this.creates = unitOfWork.coalescedInserts(insertOfInstances);
  }

  async add(instance: Instance): Promise<void> {
    let written: boolean;
    try {
      written = await this.creates.insert(instance);
    } catch (error) {
      // The organization was deleted after the guard let the request in.
      if (isForeignKeyViolation(error, 'instances_organization_fk')) throw InstanceError.organizationNotFound();
      throw error;
    }
    // The handle is taken: by an earlier instance, or by one in the same statement.
    if (!written) {
      const violations = new ViolationList();
      handleAlreadyUsed(violations);
      throw violations.toError();
    }
  }

  async isHandleTaken(handle: string): Promise<boolean> {
    const rows = await this.sql.rows({ text: 'SELECT 1 FROM instances WHERE handle = $1', values: [handle] });
    return rows.length > 0;
  }

  async change(
    organizationId: string,
    instanceId: string,
    change: (instance: Instance) => void,
    condition?: VersionCondition,
  ): Promise<Instance> {
    try {
      return await this.unitOfWork.run(async (work) => {
        const instance = await this.loadLocked(work, organizationId, instanceId, condition);
        const { version } = instance;
        const authorizedBefore = new Set(instance.authorizedOrganizationIds);
        change(instance);
        // Every change makes a new version; a change that changes nothing writes nothing.
        if (instance.version === version) return instance;
        await work.rows({
          text: `UPDATE instances SET organization_id = $2, name = $3, updated_at = $4, deleted_at = $5, version = $6
                  WHERE id = $1`,
          values: [
            instance.id,
            instance.organizationId,
            instance.name,
            instance.updatedAt,
            instance.deletedAt,
            instance.version,
          ],
        });
        await storeAuthorizations(work, instance, authorizedBefore);
        work.saved(instance);
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
    work: Work,
    organizationId: string,
    instanceId: string,
    condition: VersionCondition | undefined,
  ): Promise<Instance> {
    const [row] = await work.rows<VersionedInstanceRow>({
      text: `SELECT ${INSTANCE_COLUMNS}, i.version
               FROM instances i
              WHERE i.id = $1 AND i.organization_id = $2 AND i.deleted_at IS NULL
                FOR UPDATE OF i`,
      values: [instanceId, organizationId],
    });
    requireVersion(condition, row?.version);
    if (!row) throw InstanceError.notFound();
    const authorized = await work.rows<{ organization_id: string }>({
      text: 'SELECT a.organization_id FROM instance_authorized_organizations a WHERE a.instance_id = $1',
      values: [instanceId],
    });
    return instanceFromRow(
      row,
      authorized.map((a) => a.organization_id),
    );
  }
}

async function storeAuthorizations(work: Work, instance: Instance, before: Set<string>): Promise<void> {
  const after = new Set(instance.authorizedOrganizationIds);
  const removed = [...before].filter((id) => !after.has(id));
  const added = [...after].filter((id) => !before.has(id));
  if (removed.length > 0) {
    await work.rows({
      text: 'DELETE FROM instance_authorized_organizations WHERE instance_id = $1 AND organization_id = ANY($2::uuid[])',
      values: [instance.id, removed],
    });
  }
  if (added.length > 0) {
    await work.rows({
      text: `INSERT INTO instance_authorized_organizations (instance_id, organization_id)
             SELECT $1, unnest($2::uuid[])`,
      values: [instance.id, added],
    });
  }
}

function refused(rule: (violations: ViolationList) => void): Error {
  const violations = new ViolationList();
  rule(violations);
  return violations.toError();
}

/** New instances as one row each, in one statement; a taken handle skips its row. */
function insertOfInstances(instances: Instance[]): Statement {
  return {
    text: `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
           ON CONFLICT (handle) DO NOTHING
           RETURNING id`,
    values: [
      instances.map((instance) => instance.id),
      instances.map((instance) => instance.organizationId),
      instances.map((instance) => instance.createdByOrganizationId),
      instances.map((instance) => instance.name),
      instances.map((instance) => instance.handle),
      instances.map((instance) => instance.createdAt.toISOString()),
      instances.map((instance) => instance.updatedAt.toISOString()),
    ],
    // One shape however many rows: parsed and planned once per connection.
    prepared: true,
  };
}
