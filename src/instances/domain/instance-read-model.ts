/** An instance as the API shows it. */
export interface InstanceView {
  id: string;
  organizationId: string;
  createdByOrganizationId: string;
  name: string;
  handle: string;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Sorted; only in the owner's view, so that an authorized organization does not learn which
   * other organizations the owner works with.
   */
  authorizedOrganizationIds?: string[];
}

/** One instance read on its own, with the version its ETag is made of. */
export interface VersionedInstanceView extends InstanceView {
  version: number;
}

export const INSTANCE_SORT_FIELDS = ['name', 'handle', 'createdAt', 'updatedAt'] as const;
export type InstanceSortField = (typeof INSTANCE_SORT_FIELDS)[number];
type SortDirection = 'asc' | 'desc';

export interface InstanceListCriteria {
  organizationId: string;
  /** Case-insensitive substrings; an instance matches when its name contains any of them. Empty: no filter. */
  nameContains: readonly string[];
  handleContains: readonly string[];
  order: readonly { field: InstanceSortField; direction: SortDirection }[];
  offset: number;
  limit: number;
}

/** Port: read side of live (not deleted) instances, always scoped to one organization. */
export abstract class InstanceReadModel {
  /** An instance the organization owns, or is authorized for (then without its authorizations). */
  abstract findOne(organizationId: string, instanceId: string): Promise<VersionedInstanceView | undefined>;
  /** The instances the organization owns. */
  abstract list(criteria: InstanceListCriteria): Promise<{ totalItems: number; items: InstanceView[] }>;
}
