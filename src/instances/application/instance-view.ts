import type { Instance } from '../domain/instance.js';
import type { InstanceView } from '../domain/instance-read-model.js';

/** The owner's view of an instance just written, without reading it back. */
export function ownerView(instance: Instance): InstanceView {
  return {
    id: instance.id,
    organizationId: instance.organizationId,
    createdByOrganizationId: instance.createdByOrganizationId,
    name: instance.name,
    handle: instance.handle,
    createdAt: instance.createdAt,
    updatedAt: instance.updatedAt,
    authorizedOrganizationIds: instance.authorizedOrganizationIds,
  };
}
