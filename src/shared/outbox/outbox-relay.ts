import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { retryDelayMs } from './backoff.js';
import { type Attempt, DeliveryBreaker } from './delivery-breaker.js';
import { type Cursor, type DeliveryOutcome, DeliveryStore } from './delivery-store.js';
import type { EventSubscriber, EventSubscriberSource, LoggedEvent } from './event-subscriber.js';
import { InProcessSubscribers } from './in-process-subscribers.js';

/** Events read from the log per statement, per subscriber. */
const BATCH_SIZE = 500;

/**
 * Delivers the outbox log to every subscriber (in-process handlers, webhook endpoints, the broker
 * relay), each on its own: its own cursor in the log, its own retries, its own dead deliveries.
 *
 * Per subscriber, one replica at a time holds a lease on its cursor (renewed while it works,
 * expiring if the replica dies) and repeats: retry the pending deliveries that are due, then read
 * the next batch of the log, deliver it (instances side by side, one instance's events one by one),
 * and record in one short statement the new cursor plus a row for each event that failed or has
 * to wait behind a failed event of its instance. No transaction is open while a subscriber runs.
 * A delivery is retried with a backoff until EVENT_DELIVERY_MAX_ATTEMPTS, then dead (logged,
 * counted, replayable). An attempt past its timeout gets its AbortSignal and counts as failed; while
 * it still runs, its delivery stays leased, so its retry never runs beside it.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  /** This process, as the holder of leases. */
  private readonly owner = `${hostname()}/${process.pid}/${randomUUID()}`;
  private readonly sources: EventSubscriberSource[] = [];
  private readonly pumps = new Map<string, SubscriberPump>();
  /** Attempts that timed out but have not ended yet, by `subscriber event-id`. */
  private readonly stillRunning = new Map<string, { subscriber: string; eventId: string }>();
  private readonly deadCounts = new Map<string, number>();
  private readonly leaseMs: number;
  private readonly pauseMs: number;
  private pollTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  stopping = false;

  constructor(
    readonly store: DeliveryStore,
    inProcess: InProcessSubscribers,
    private readonly config: ConfigService<Environment, true>,
  ) {
    this.sources.push(inProcess);
    this.leaseMs = config.get('EVENT_DELIVERY_LEASE_MS', { infer: true });
    this.pauseMs = config.get('EVENT_DELIVERY_PAUSE_MS', { infer: true });
  }

  /** Adds subscribers (webhook endpoints, the broker relay); called by their modules at start-up. */
  addSource(source: EventSubscriberSource): void {
    this.sources.push(source);
  }

  onApplicationBootstrap(): void {
    const interval = this.config.get('OUTBOX_POLL_INTERVAL_MS', { infer: true });
    this.pollTimer = setInterval(() => void this.refresh().then(() => this.nudge()), interval);
    this.pollTimer.unref();
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
    void this.refresh().then(() => this.nudge());
  }

  /**
   * Finishes the passes in hand and starts no other, then gives the leases back so that another
   * replica (or this one restarted) takes over at once. Runs before the HTTP server drains and the
   * pool closes; events of requests that finish during the drain wait in the log.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pollTimer);
    clearInterval(this.renewTimer);
    await Promise.all([...this.pumps.values()].map((pump) => pump.running));
    await this.store.release(this.owner).catch(() => undefined);
  }

  /** Deliver soon to every subscriber; called after a commit that recorded events, and by the timer. */
  nudge(): void {
    if (this.stopping) return;
    for (const pump of this.pumps.values()) pump.kick();
  }

  /** Delivers everything due now to every subscriber; resolves when done. Tests await it. */
  async drain(): Promise<void> {
    await this.refresh();
    this.nudge();
    await Promise.all([...this.pumps.values()].map((pump) => pump.running));
  }

  /** Dead deliveries seen by this process since it started, by subscriber. */
  deadDeliveries(): ReadonlyMap<string, number> {
    return this.deadCounts;
  }

  /** Asks the sources for their subscribers again: new ones get a pump, gone ones lose theirs. */
  refresh(): Promise<void> {
    this.refreshing ??= this.loadSubscribers().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async loadSubscribers(): Promise<void> {
    try {
      const subscribers = (await Promise.all(this.sources.map((source) => source.subscribers()))).flat();
      const names = new Set(subscribers.map((s) => s.name));
      for (const subscriber of subscribers) {
        const pump = this.pumps.get(subscriber.name);
        if (pump && !pump.isRetired) pump.subscriber = subscriber;
        else
          this.pumps.set(
            subscriber.name,
            new SubscriberPump(this, subscriber, new DeliveryBreaker(subscriber.name, this.pauseMs, this.logger)),
          );
      }
      for (const [name, pump] of this.pumps) {
        if (!names.has(name)) pump.retire(() => this.pumps.get(name) === pump && this.pumps.delete(name));
      }
    } catch (error) {
      this.logger.warn(`Event subscribers not refreshed: ${(error as Error).message}`);
    }
  }

  private async renewLeases(): Promise<void> {
    try {
      const held = [...this.pumps.values()].filter((pump) => pump.cursor).map((pump) => pump.subscriber.name);
      const kept = await this.store.renew(held, this.owner, this.leaseMs);
      for (const name of held) if (!kept.has(name)) this.pumps.get(name)?.lostLease();
      await this.store.leaseRunning([...this.stillRunning.values()], this.leaseMs);
    } catch (error) {
      this.logger.warn(`Event delivery leases not renewed: ${(error as Error).message}`);
    }
  }

  /** One pass for a subscriber: due retries, then the next batch of the log. True when there is more. */
  async pass(pump: SubscriberPump): Promise<boolean> {
    const subscriber = pump.subscriber;
    if (!pump.cursor) {
      if (Date.now() < pump.claimNotBefore) return false;
      pump.cursor = await this.store.claim(subscriber.name, this.owner, this.leaseMs);
      pump.mayHavePending = true;
      // Another replica delivers to it; ask again once its lease could have expired.
      if (!pump.cursor) pump.claimNotBefore = Date.now() + this.leaseMs / 3;
      if (!pump.cursor) return false;
    }
    // Paused (see DeliveryBreaker): nothing is read or attempted until the pause is over.
    if (pump.breaker.paused) return false;
    // After the pause, one attempt probes the subscriber: its oldest due retry, else its next event.
    const probing = pump.breaker.probing;
    const limit = probing ? 1 : BATCH_SIZE;
    // No pending delivery when the last read looked (and none recorded since): no retry to look for.
    const lookedForRetries = pump.mayHavePending;
    const retried = lookedForRetries ? await this.retryDue(pump, limit) : 0;
    if (probing && retried > 0) return !pump.breaker.paused;
    const { events, next, pending } = await this.store.read(subscriber.name, pump.cursor, subscriber.filter, limit);
    const outcomes = await this.deliverBatch(pump, events);
    if (!pump.cursor) return false; // the lease was lost meanwhile: another replica delivers again
    const failedOrWaiting = outcomes.filter((outcome) => outcome.state !== 'delivered');
    pump.mayHavePending = pending || failedOrWaiting.length > 0;
    if (events.length > 0 || next.txId !== pump.cursor.txId || next.position !== pump.cursor.position) {
      const kept = await this.store.advance(subscriber.name, this.owner, next, failedOrWaiting, this.leaseMs);
      pump.cursor = kept ? next : undefined;
    }
    this.reportDead(subscriber, failedOrWaiting);
    // Pending deliveries appeared meanwhile (a replay): look for due ones at once.
    return retried > 0 || events.length === limit || (pending && !lookedForRetries);
  }

  /**
   * Retries the subscriber's due deliveries, one per instance; returns how many it attempted. Those
   * left when the subscriber is paused stay due.
   */
  private async retryDue(pump: SubscriberPump, limit: number): Promise<number> {
    const subscriber = pump.subscriber;
    const due = (await this.store.due(subscriber.name, limit)).filter(
      (delivery) => !this.stillRunning.has(`${subscriber.name} ${delivery.event.id}`),
    );
    if (due.length === 0) return 0;
    const outcomes: DeliveryOutcome[] = [];
    await inParallel(due, subscriber.concurrency, async ({ event, attempts }) => {
      const attempt = await this.attempt(pump, (signal) => subscriber.deliver(event, signal));
      if (attempt) outcomes.push(this.outcomeOf(subscriber, event, attempts + 1, attempt));
    });
    await this.store.settle(subscriber.name, outcomes, this.leaseMs);
    this.reportDead(subscriber, outcomes);
    return due.length;
  }

  /**
   * Delivers a batch from the log: in one attempt when the subscriber takes several events at once
   * (falling back to one by one if that fails), else instances side by side, each instance's events
   * in order. Events of an instance whose first event waits behind a pending one all wait, and so do
   * the events not attempted because the subscriber got paused meanwhile (due at once when it resumes).
   */
  private async deliverBatch(
    pump: SubscriberPump,
    events: (LoggedEvent & { blocked: boolean })[],
  ): Promise<DeliveryOutcome[]> {
    const subscriber = pump.subscriber;
    const byInstance = new Map<string, (LoggedEvent & { blocked: boolean })[]>();
    for (const event of events)
      byInstance.set(event.aggregateId, [...(byInstance.get(event.aggregateId) ?? []), event]);
    const outcomes: DeliveryOutcome[] = [];
    const ready: (LoggedEvent & { blocked: boolean })[][] = [];
    const waiting = new Set<string>();
    for (const [instance, instanceEvents] of byInstance) {
      if (instanceEvents[0].blocked) {
        waiting.add(instance);
        outcomes.push(...instanceEvents.map(waitingOutcome));
      } else ready.push(instanceEvents);
    }
    const deliverMany = subscriber.deliverMany?.bind(subscriber);
    if (deliverMany && ready.length > 0) {
      const batch = events.filter((event) => !waiting.has(event.aggregateId));
      const attempt = await this.attempt(pump, (signal) => deliverMany(batch, signal));
      if (!attempt) return [...outcomes, ...batch.map(waitingOutcome)];
      if (attempt.ok) return [...outcomes, ...batch.map(deliveredOutcome)];
      if (attempt.stillRunning) {
        // Past its timeout, like a single attempt: the first event of each instance failed (and
        // stays leased while the batch still runs), the others wait behind it.
        for (const [first, ...rest] of ready) {
          outcomes.push(this.outcomeOf(subscriber, first, 1, attempt), ...rest.map(waitingOutcome));
        }
        return outcomes;
      }
      this.logger.warn(
        `Batch of ${batch.length} events to ${subscriber.name} failed (${attempt.error}); delivering them one by one`,
      );
    }
    await inParallel(ready, subscriber.concurrency, async (instanceEvents) => {
      let waiting = false;
      for (const event of instanceEvents) {
        const attempt = waiting ? undefined : await this.attempt(pump, (signal) => subscriber.deliver(event, signal));
        if (!attempt) {
          waiting = true;
          outcomes.push(waitingOutcome(event));
          continue;
        }
        const outcome = this.outcomeOf(subscriber, event, 1, attempt);
        outcomes.push(outcome);
        // A later event of the instance waits until this one is delivered or dead.
        waiting = outcome.state === 'pending';
      }
    });
    return outcomes;
  }

  private outcomeOf(subscriber: EventSubscriber, event: LoggedEvent, attempts: number, attempt: Attempt) {
    if (attempt.ok) return { ...deliveredOutcome(event), attempts };
    const dead = attempts >= this.config.get('EVENT_DELIVERY_MAX_ATTEMPTS', { infer: true });
    this.logger.error(
      `Event ${event.id} (${event.type}) to ${subscriber.name}: attempt ${attempts} failed: ${attempt.error}` +
        (dead ? '; dead' : ''),
    );
    if (attempt.stillRunning) this.trackStillRunning(subscriber.name, event.id, attempt.stillRunning);
    const delayMs = retryDelayMs(
      attempts,
      this.config.get('EVENT_DELIVERY_BACKOFF_MS', { infer: true }),
      this.config.get('EVENT_DELIVERY_MAX_BACKOFF_MS', { infer: true }),
    );
    return {
      event,
      state: dead ? 'dead' : 'pending',
      attempts,
      delayMs,
      error: attempt.error.slice(0, 1000),
      leased: !!attempt.stillRunning,
    } as const;
  }

  /** One attempt, unless the subscriber is paused (undefined: not attempted). */
  private attempt(pump: SubscriberPump, deliver: (signal: AbortSignal) => Promise<void>): Promise<Attempt | undefined> {
    return pump.breaker.run(() => this.timedAttempt(pump.subscriber, deliver));
  }

  /** Runs one attempt with the subscriber's timeout; an attempt past it is aborted and fails. */
  private async timedAttempt(
    subscriber: EventSubscriber,
    deliver: (signal: AbortSignal) => Promise<void>,
  ): Promise<Attempt> {
    const abort = new AbortController();
    const work = Promise.resolve().then(() => deliver(abort.signal));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), subscriber.timeoutMs)),
    );
    try {
      if ((await Promise.race([work, timedOut])) === 'timeout') {
        abort.abort(new Error(`no answer within ${subscriber.timeoutMs} ms`));
        return { ok: false, error: `no answer within ${subscriber.timeoutMs} ms`, stillRunning: work };
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private trackStillRunning(subscriber: string, eventId: string, work: Promise<unknown>): void {
    const key = `${subscriber} ${eventId}`;
    this.stillRunning.set(key, { subscriber, eventId });
    void work
      .catch(() => undefined)
      .then(async () => {
        this.stillRunning.delete(key);
        await this.store.leaseRunning([{ subscriber, eventId }], null).catch(() => undefined);
      });
  }

  private reportDead(subscriber: EventSubscriber, outcomes: readonly DeliveryOutcome[]): void {
    for (const outcome of outcomes) {
      if (outcome.state !== 'dead') continue;
      const count = (this.deadCounts.get(subscriber.name) ?? 0) + 1;
      this.deadCounts.set(subscriber.name, count);
      this.logger.error(
        `Event ${outcome.event.id} is dead for ${subscriber.name} after ${outcome.attempts} attempts ` +
          `(${count} dead since start); replay with npm run events:replay -- --subscriber ${subscriber.name} --since <time>`,
      );
      void Promise.resolve(subscriber.onDead?.(outcome.event, outcome.error ?? '')).catch(() => undefined);
    }
  }
}

/** Delivery to one subscriber: at most one pass at a time, another one if asked meanwhile. */
class SubscriberPump {
  running?: Promise<void>;
  /** Set while this replica holds the subscriber's lease. */
  cursor?: Cursor;
  claimNotBefore = 0;
  /**
   * False once a read found no pending delivery of the subscriber and none was recorded since; a
   * replay by another process shows in the next read (the poll timer runs a pass at least that often).
   */
  mayHavePending = true;
  private again = false;
  private retired?: () => void;

  constructor(
    private readonly relay: OutboxRelay,
    public subscriber: EventSubscriber,
    readonly breaker: DeliveryBreaker,
  ) {}

  kick(): void {
    if (this.retired) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.retired) this.retired();
    });
  }

  get isRetired(): boolean {
    return this.retired !== undefined;
  }

  lostLease(): void {
    this.cursor = undefined;
    this.mayHavePending = true;
  }

  /** The subscriber is gone (an endpoint deleted or disabled): stop after the pass in hand. */
  retire(remove: () => void): void {
    this.retired = () => {
      this.breaker.shutdown();
      remove();
    };
    if (!this.running) this.retired();
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.relay.stopping && !this.retired && (await this.relay.pass(this)));
      } while (this.again && !this.relay.stopping && !this.retired);
    } catch (error) {
      this.cursor = undefined; // claimed again on the next pass, from what the database says
      this.mayHavePending = true;
      new Logger(OutboxRelay.name).warn(`Delivery to ${this.subscriber.name} paused: ${(error as Error).message}`);
    }
  }
}

const deliveredOutcome = (event: LoggedEvent): DeliveryOutcome => ({
  event,
  state: 'delivered',
  attempts: 1,
  delayMs: 0,
  error: null,
  leased: false,
});

/** An event that waits behind a pending one of its instance: recorded, never attempted. */
const waitingOutcome = (event: LoggedEvent): DeliveryOutcome => ({
  event,
  state: 'pending',
  attempts: 0,
  delayMs: 0,
  error: null,
  leased: false,
});

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
