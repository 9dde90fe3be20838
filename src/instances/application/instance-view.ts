import type { Instance } from '../domain/instance.js';
import type { VersionedInstanceView } from '../domain/instance-read-model.js';

/** The owner's view of an instance just written, without reading it back. */
export function ownerView(instance: Instance): VersionedInstanceView {
  return { ...instance.snapshot(), version: instance.version };
}
