import type { Instance } from '../domain/instance.js';
import type { VersionedInstanceView } from '../domain/instance-read-model.js';

/** The owner's view of an instance just written, without reading it back. */
export function ownerView(instance: Instance): VersionedInstanceView {
  return {
    id: instance.id,
    organizationId: instance.organizationId,
    createdByOrganizationId: instance.createdByOrganizationId,
    name: instance.name,
    handle: instance.handle,
    createdAt: instance.createdAt,
    updatedAt: instance.updatedAt,
    authorizedOrganizationIds: instance.authorizedOrganizationIds,
    version: instance.version,
  };
}
