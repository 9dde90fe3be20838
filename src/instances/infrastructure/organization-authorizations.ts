import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { OutboxWriter } from '../../shared/outbox/outbox-writer.js';
import { InstanceOrganizationUnauthorized } from '../domain/instance-lifecycle.events.js';

/**
 * Withdraws every authorization an organization holds on other organizations' instances, in the
 * caller's transaction (the organization's deletion), with one InstanceOrganizationUnauthorized
 * event per live instance, as a withdrawal through the API records. The instance rows are locked
 * first, so that this waits for, and is waited for by, concurrent changes of those instances.
 */
export async function withdrawAuthorizationsOf(
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
  await manager.query('UPDATE instances SET updated_at = $2, version = version + 1 WHERE id = ANY($1::uuid[])', [
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
