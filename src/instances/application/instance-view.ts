import type { Instance } from '../domain/instance.js';
import type { InstanceView } from '../domain/instance-read-model.js';

/** The owner's view of an instance just written, without reading it back. */
export function ownerView(instance: Instance): InstanceView {
  return instance.snapshot();
}
