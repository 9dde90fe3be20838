import { Injectable } from '@nestjs/common';
import type { Work } from '../../shared/outbox/work.js';

/**
 * Port: a module that keeps data referring to organizations (instances: owners and authorizations).
 * That module owns its rules and registers itself; deleting an organization asks it, in the
 * deletion's transaction, without organizations importing it.
 */
export interface OrganizationDependent {
  /** Lets go of what the organization holds there, in the deletion's transaction. */
  release(work: Work, organizationId: string): Promise<void>;
  /** Whether `error`, raised by the deletion, is this module refusing it: the organization still owns its data. */
  refusesDeletion(error: unknown): boolean;
}

/** The registered dependents, asked in registration order. */
@Injectable()
export class OrganizationDependents {
  private readonly dependents: OrganizationDependent[] = [];

  register(dependent: OrganizationDependent): void {
    this.dependents.push(dependent);
  }

  async release(work: Work, organizationId: string): Promise<void> {
    for (const dependent of this.dependents) await dependent.release(work, organizationId);
  }

  refusesDeletion(error: unknown): boolean {
    return this.dependents.some((dependent) => dependent.refusesDeletion(error));
  }
}
