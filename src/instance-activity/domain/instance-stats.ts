/** How many instances an organization has created, and when it last did. */
export interface InstanceStats {
  organizationId: string;
  instancesCreated: number;
  lastCreatedAt: Date | null;
}

export interface InstanceCreation {
  eventId: string;
  organizationId: string;
  instanceId: string;
  handle: string;
  createdAt: Date;
}

/** Port: the creation log this module keeps from InstanceCreated events. */
export abstract class InstanceCreationLog {
  /** Idempotent per event id: a redelivered event is recorded once. */
  abstract record(creation: InstanceCreation): Promise<void>;
  abstract statsOf(organizationId: string): Promise<InstanceStats>;
}
