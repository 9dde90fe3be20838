import type { InstanceCreated } from './instance-created.event.js';
import type { Instance } from './instance.js';

/** Port: where instances are written. */
export abstract class InstanceRepository {
  /**
   * Stores the instance and records its event in one transaction. A handle taken meanwhile (a lost
   * race) fails with ValidationFailed on `handle`, exactly like a sequential duplicate.
   */
  abstract add(instance: Instance, event: InstanceCreated): Promise<void>;
  abstract isHandleTaken(handle: string): Promise<boolean>;
}
