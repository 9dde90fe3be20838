import { uuidv7 } from '../../shared/domain/uuid-v7.js';
import { checkDisplayName } from '../../shared/domain/text-rules.js';
import { ViolationList } from '../../shared/domain/violation.js';

const ORGANIZATION_NAME_MAX_LENGTH = 255;

/** A merge patch of the organization: a property left out (undefined) is unchanged. */
export interface OrganizationPatch {
  name?: string | null;
}

/** A group of partners; instances belong to one. */
export class Organization {
  private constructor(
    readonly id: string,
    private currentName: string,
    readonly createdAt: Date,
    private lastUpdatedAt: Date,
    private currentVersion: number,
  ) {}

  static create(name: string | null | undefined, now = new Date()): Organization {
    return new Organization(uuidv7(), validName(name), now, now, 1);
  }

  static restore(id: string, name: string, createdAt: Date, updatedAt: Date, version: number): Organization {
    return new Organization(id, name, createdAt, updatedAt, version);
  }

  /** 1 when created; every rename makes a new version (the ETag of its representation). */
  get version(): number {
    return this.currentVersion;
  }

  get name(): string {
    return this.currentName;
  }

  get updatedAt(): Date {
    return this.lastUpdatedAt;
  }

  /** Applies a merge patch; a patch that names nothing changes nothing (its If-Match is still checked). */
  update(patch: OrganizationPatch, now = new Date()): void {
    if (patch.name === undefined) return;
    this.currentName = validName(patch.name);
    this.lastUpdatedAt = now;
    this.currentVersion += 1;
  }
}

function validName(name: string | null | undefined): string {
  const violations = new ViolationList();
  checkDisplayName(violations, 'name', name, ORGANIZATION_NAME_MAX_LENGTH);
  violations.throwIfAny();
  return name as string;
}
