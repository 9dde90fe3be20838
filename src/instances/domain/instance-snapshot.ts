import type { StoredPayload } from '../../shared/domain/stored-payload.js';
import type { InstanceView } from './instance-read-model.js';

/** The instance as its owner saw it right after a change, as an event stores it. */
export type InstanceSnapshot = Required<InstanceView>;

/** Attributes a change replaced, by their wire names (`name`, `organization_id`, ...), with their old values. */
export type PreviousAttributes = Record<string, unknown>;

/** `instance` in an event's payload: the snapshot by its wire names. */
export type InstanceSnapshotJson = {
  id: string;
  name: string;
  handle: string;
  created_at: string;
  updated_at: string;
  organization_id: string;
  created_by_organization_id: string;
  authorized_organization_ids: string[];
};

export function snapshotToJson(snapshot: InstanceSnapshot): InstanceSnapshotJson {
  return {
    id: snapshot.id,
    name: snapshot.name,
    handle: snapshot.handle,
    created_at: snapshot.createdAt.toISOString(),
    updated_at: snapshot.updatedAt.toISOString(),
    organization_id: snapshot.organizationId,
    created_by_organization_id: snapshot.createdByOrganizationId,
    authorized_organization_ids: snapshot.authorizedOrganizationIds,
  };
}

export function readSnapshotJson(json: StoredPayload): InstanceSnapshotJson {
  return {
    id: json.string('id'),
    name: json.string('name'),
    handle: json.string('handle'),
    created_at: json.timestamp('created_at'),
    updated_at: json.timestamp('updated_at'),
    organization_id: json.string('organization_id'),
    created_by_organization_id: json.string('created_by_organization_id'),
    authorized_organization_ids: json.strings('authorized_organization_ids', []),
  };
}

export function snapshotFromJson(json: InstanceSnapshotJson): InstanceSnapshot {
  return {
    id: json.id,
    name: json.name,
    handle: json.handle,
    createdAt: new Date(json.created_at),
    updatedAt: new Date(json.updated_at),
    organizationId: json.organization_id,
    createdByOrganizationId: json.created_by_organization_id,
    authorizedOrganizationIds: json.authorized_organization_ids,
  };
}
