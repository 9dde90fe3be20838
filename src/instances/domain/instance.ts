import { v7 as uuidv7 } from 'uuid';
import { ViolationList } from '../../shared/domain/violation.js';
import { InstanceCreated } from './instance-created.event.js';
import { checkHandle, checkInstanceName } from './instance-rules.js';

export interface NewInstance {
  organizationId: string;
  name: string | null | undefined;
  handle: string | null | undefined;
}

/**
 * The scope a customer's product data lives in. Its handle is the tenant subdomain: unique across
 * all instances and never changed. `createdByOrganizationId` never changes either, even when the
 * instance later belongs to another organization.
 */
export class Instance {
  private constructor(
    readonly id: string,
    readonly organizationId: string,
    readonly createdByOrganizationId: string,
    readonly name: string,
    readonly handle: string,
    readonly createdAt: Date,
    readonly updatedAt: Date,
  ) {}

  /**
   * Checks name and handle, recording every broken rule in `violations`; returns the instance and
   * its InstanceCreated event only when nothing was broken.
   */
  static create(
    input: NewInstance,
    violations: ViolationList,
    now = new Date(),
  ): { instance: Instance; event: InstanceCreated } | undefined {
    const nameValid = checkInstanceName(violations, input.name);
    const handleValid = checkHandle(violations, input.handle);
    if (!nameValid || !handleValid) return undefined;
    const instance = new Instance(
      uuidv7(),
      input.organizationId,
      input.organizationId,
      input.name as string,
      input.handle as string,
      now,
      now,
    );
    const event = new InstanceCreated(
      uuidv7(),
      instance.id,
      instance.handle,
      instance.name,
      instance.organizationId,
      now,
    );
    return { instance, event };
  }
}
