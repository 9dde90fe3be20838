import { Instance } from '../domain/instance.js';
import type { InstanceRow } from './instance-list.sql.js';

/** A live instance row with its version, as the locking reads select it. */
export type VersionedInstanceRow = InstanceRow & { version: number };

/** The aggregate of a live row and its authorizations, read after the row was locked. */
export function instanceFromRow(row: VersionedInstanceRow, authorizedOrganizationIds: string[]): Instance {
  return Instance.restore({
    id: row.id,
    organizationId: row.organization_id,
    createdByOrganizationId: row.created_by_organization_id,
    name: row.name,
    handle: row.handle,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: null,
    version: row.version,
    authorizedOrganizationIds,
  });
}
