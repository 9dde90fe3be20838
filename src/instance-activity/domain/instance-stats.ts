/** What happened to instances, from one organization's point of view. */
export interface InstanceStats {
  organizationId: string;
  instancesCreated: number;
  lastCreatedAt: Date | null;
  instancesRenamed: number;
  /** Instances other organizations gave to this one. */
  instancesTransferredIn: number;
  /** Instances this organization gave to others. */
  instancesTransferredOut: number;
  instancesDeleted: number;
}

export type ActivityKind = 'created' | 'renamed' | 'transferred_in' | 'transferred_out' | 'deleted';

/** One instance event as it concerns one organization (a transfer concerns two). */
export interface InstanceActivity {
  eventId: string;
  organizationId: string;
  instanceId: string;
  kind: ActivityKind;
  handle: string;
  occurredAt: Date;
}

/** Port: the activity log this module keeps from instance events. */
export abstract class InstanceActivityLog {
  /** Idempotent per (event id, organization): a redelivered event is recorded once. */
  abstract record(...entries: InstanceActivity[]): Promise<void>;
  abstract statsOf(organizationId: string): Promise<InstanceStats>;
}
