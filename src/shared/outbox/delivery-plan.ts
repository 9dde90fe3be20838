/** The subscriber sources a relay knows; `addSource` names each. */
export type SubscriberSourceName = 'in-process' | 'broker' | 'webhooks';

/**
 * Which subscriber sources this process's relay delivers to. The service's own process delivers
 * to all of them unless it runs a webhook worker beside it (`WEBHOOK_WORKER`): then the webhook
 * endpoints are the worker's, and the rest stay here.
 */
export class DeliveryPlan {
  private constructor(private readonly here: ReadonlySet<SubscriberSourceName> | 'all') {}

  static readonly everything = new DeliveryPlan('all');

  static only(...sources: SubscriberSourceName[]): DeliveryPlan {
    return new DeliveryPlan(new Set(sources));
  }

  static allBut(...sources: SubscriberSourceName[]): DeliveryPlan {
    const all: SubscriberSourceName[] = ['in-process', 'broker', 'webhooks'];
    return new DeliveryPlan(new Set(all.filter((source) => !sources.includes(source))));
  }

  deliversHere(source: SubscriberSourceName): boolean {
    return this.here === 'all' || this.here.has(source);
  }
}

/**
 * Another process that delivers some of the sources (the webhook worker): it is told what this
 * relay is told, so that a commit reaches it at once and a changed endpoint applies from the next
 * delivery on.
 */
export interface RemoteRelay {
  nudge(): void;
  /** Resolves once the other process has read its subscribers again (or could not be asked). */
  refresh(): Promise<void>;
}
