/** One row of the outbox log, as subscribers receive it. */
export interface LoggedEvent {
  id: string;
  type: string;
  version: number;
  aggregateId: string;
  organizationId: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  /** Order in the log: the writing transaction, then the position inside it. */
  txId: string;
  position: string;
}

/** Which events of the log a subscriber wants; unset fields do not filter. */
export interface EventFilter {
  /** Stored event types (`InstanceCreated`, ...). */
  types?: readonly string[];
  /** Events that belong to this organization (for a transfer: the one it left or the one it went to). */
  organizationId?: string;
}

/**
 * Something that receives every event it wants at least once, in order per instance, with delivery
 * state of its own: an in-process handler, a webhook endpoint, the broker relay.
 */
export interface EventSubscriber {
  /** Stable across restarts and replicas: the key of its cursor and deliveries. */
  readonly name: string;
  readonly filter: EventFilter;
  /** An attempt still running after this long is aborted (its signal fires) and counts as failed. */
  readonly timeoutMs: number;
  /** How many instances' events it receives side by side (one instance's events always one by one). */
  readonly concurrency: number;
  /** Resolves when delivered; rejects (or runs past the timeout) to be retried with a backoff. */
  deliver(event: LoggedEvent, signal: AbortSignal): Promise<void>;
  /**
   * Optional: receives several events in one attempt (several instances, each instance's events in
   * log order), with the same effect as `deliver` on each in turn; one round trip instead of one per
   * event. If it fails, the relay delivers those events one by one with `deliver` (which then finds
   * the failing ones; the others are received twice, as at-least-once allows).
   */
  deliverMany?(events: readonly LoggedEvent[], signal: AbortSignal): Promise<void>;
  /** Told once an event was declared dead for this subscriber (after the last attempt). */
  onDead?(event: LoggedEvent, error: string): Promise<void> | void;
}

/** Provides subscribers; asked again on every poll, so the set may change (webhook endpoints). */
export interface EventSubscriberSource {
  subscribers(): Promise<readonly EventSubscriber[]> | readonly EventSubscriber[];
}
