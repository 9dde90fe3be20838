import type { InstanceView } from './instance-read-model.js';

/** The instance as its owner saw it right after a change, as an event stores it. */
export type InstanceSnapshot = Required<InstanceView>;

/** Attributes a change replaced, by their wire names (`name`, `organization_id`, ...), with their old values. */
export type PreviousAttributes = Record<string, unknown>;

export function snapshotToJson(snapshot: InstanceSnapshot): Record<string, unknown> {
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

export function snapshotFromJson(json: Record<string, unknown>): InstanceSnapshot {
  return {
    id: json.id as string,
    name: json.name as string,
    handle: json.handle as string,
    createdAt: new Date(json.created_at as string),
    updatedAt: new Date(json.updated_at as string),
    organizationId: json.organization_id as string,
    createdByOrganizationId: json.created_by_organization_id as string,
    authorizedOrganizationIds: (json.authorized_organization_ids as string[] | undefined) ?? [],
  };
}
