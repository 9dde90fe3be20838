import type { VersionCondition } from '../../shared/domain/version-condition.js';
import type { Instance } from './instance.js';

/** Port: where instances are written. */
export abstract class InstanceRepository {
  /**
   * Stores the new instance with the event it recorded, atomically. A handle taken meanwhile (a lost
   * race) fails with ValidationFailed on `handle`, exactly like a sequential duplicate; an
   * organization deleted meanwhile with InstanceError.organizationNotFound.
   */
  abstract add(instance: Instance): Promise<void>;
  abstract isHandleTaken(handle: string): Promise<boolean>;
  /**
   * Loads the live instance owned by `organizationId`, locked against concurrent changes, applies
   * `change` to it, and stores the instance with the events it recorded, all in one transaction:
   * concurrent changes of one instance apply one after the other. Throws InstanceError.notFound
   * when there is no such instance; a change whose target organization does not exist (any more)
   * fails with the same ValidationFailed as an unknown organization. With a `condition` (If-Match),
   * the locked row's version is checked before `change` runs: PreconditionFailed when it does not
   * hold or there is no such instance, and nothing is written.
   */
  abstract change(
    organizationId: string,
    instanceId: string,
    change: (instance: Instance) => void,
    condition?: VersionCondition,
  ): Promise<Instance>;
}
