import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type INestApplicationContext, type LoggerService, Module, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../../src/app.module.js';
import { loadEnvironment } from '../../src/config/environment.js';
import type { DomainEvent, StoredEvent } from '../../src/shared/domain/domain-event.js';
import {
  DomainEventHandler,
  type HandlesDomainEvents,
} from '../../src/shared/outbox/domain-event-handler.decorator.js';
import { DomainEventRegistry } from '../../src/shared/outbox/domain-event-registry.js';
import { OutboxRelay } from '../../src/shared/outbox/outbox-relay.js';
import { OutboxWriter } from '../../src/shared/outbox/outbox-writer.js';
import { undeliveredCount } from '../support/event-delivery.js';
import { eventually } from '../support/eventually.js';

/** Short, so that a hung handler's timeout shows within the test; far above what the other tests wait. */
const HANDLER_TIMEOUT_MS = 1500;
const BACKOFF_MS = 300;
const MAX_ATTEMPTS = 3;
/** Longer than the pause test takes to check that nothing is attempted meanwhile. */
const PAUSE_MS = 2000;

/** An event only this test records and handles. */
class ProbeHappened implements DomainEvent {
  static readonly eventType = 'OutboxDeliveryProbe';
  static readonly eventVersion = 1;

  readonly eventId: string;
  readonly aggregateId: string;
  readonly organizationId: string;
  readonly occurredAt: Date;

  constructor(props: Omit<StoredEvent, 'version' | 'payload'>) {
    this.eventId = props.eventId;
    this.aggregateId = props.aggregateId;
    this.organizationId = props.organizationId;
    this.occurredAt = props.occurredAt;
  }

  toPayload(): Record<string, unknown> {
    return {};
  }

  static fromStored(stored: StoredEvent): ProbeHappened {
    return new ProbeHappened(stored);
  }
}

/** What a handler does with an event, set by the tests (key: `subscriber event-id`); by default it succeeds. */
type Behaviour = (event: ProbeHappened, signal: AbortSignal) => Promise<void>;
const behaviours = new Map<string, Behaviour>();
/** Every call of a handler, successful or not, in call order. */
const calls: { subscriber: string; eventId: string; aggregateId: string; at: number }[] = [];
const callsOf = (subscriber: string, eventId: string) =>
  calls.filter((call) => call.subscriber === subscriber && call.eventId === eventId).length;

abstract class ProbeHandler implements HandlesDomainEvents<ProbeHappened> {
  abstract readonly name: string;
  async handle(event: ProbeHappened, signal: AbortSignal): Promise<void> {
    calls.push({ subscriber: this.name, eventId: event.eventId, aggregateId: event.aggregateId, at: Date.now() });
    await behaviours.get(`${this.name} ${event.eventId}`)?.(event, signal);
  }
}

@DomainEventHandler({ name: 'probe-first', events: [ProbeHappened] })
class FirstProbeHandler extends ProbeHandler {
  readonly name = 'probe-first';
}

@DomainEventHandler({ name: 'probe-second', events: [ProbeHappened] })
class SecondProbeHandler extends ProbeHandler {
  readonly name = 'probe-second';
}

/** Each call of the batch handler's handleBatch: the event ids it got, in order. */
const batches: string[][] = [];
/** Events whose batch fails (handleBatch throws when one of them is in it). */
const failingBatches = new Set<string>();

/** A handler that also takes batches: one call per batch read from the log. */
@DomainEventHandler({ name: 'probe-batch', events: [ProbeHappened] })
class BatchProbeHandler extends ProbeHandler {
  readonly name = 'probe-batch';
  async handleBatch(events: readonly ProbeHappened[]): Promise<void> {
    batches.push(events.map((event) => event.eventId));
    if (events.some((event) => failingBatches.has(event.eventId))) throw new Error('batch refused');
  }
}

/** A team's module as in docs/adding-a-module.md: handlers registered as plain providers. */
@Module({ providers: [FirstProbeHandler, SecondProbeHandler, BatchProbeHandler] })
class ProbeModule implements OnModuleInit {
  constructor(private readonly events: DomainEventRegistry) {}

  onModuleInit(): void {
    this.events.register(ProbeHappened);
  }
}

describe('delivery per subscriber: own cursor, own retries, order per instance, timeouts, dead deliveries', () => {
  let app: INestApplicationContext;
  let db: DataSource;
  let relay: OutboxRelay;
  const errors: string[] = [];
  const url = process.env.TEST_DATABASE_RUN_URL;

  beforeAll(async () => {
    if (!url) throw new Error('TEST_DATABASE_RUN_URL is unset: run the tests through jest (global setup)');
    const env = loadEnvironment({
      NODE_ENV: 'test',
      MIGRATIONS_RUN: 'true',
      SEED_DEMO: 'false',
      OUTBOX_HANDLER_TIMEOUT_MS: String(HANDLER_TIMEOUT_MS),
      EVENT_DELIVERY_BACKOFF_MS: String(BACKOFF_MS),
      EVENT_DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      OUTBOX_POLL_INTERVAL_MS: '200',
      EVENT_DELIVERY_PAUSE_MS: String(PAUSE_MS),
    });
    const logger: LoggerService = { log() {}, warn() {}, error: (message: string) => errors.push(message) };
    @Module({
      imports: [
        AppModule.register(env, { url, poolSize: 5, connectTimeoutMs: 5000, migrationsRun: true }),
        ProbeModule,
      ],
    })
    class AppWithProbes {}
    app = await NestFactory.createApplicationContext(AppWithProbes, { logger });
    await app.init();
    db = app.get(DataSource);
    relay = app.get(OutboxRelay);
    await relay.drain(); // both subscribers hold their cursors from here on
  });
  afterAll(() => app?.close());

  const record = async (aggregateId = uuidv7(), eventId = uuidv7()) => {
    const event = new ProbeHappened({ eventId, aggregateId, organizationId: uuidv7(), occurredAt: new Date() });
    await db.transaction((manager) => app.get(OutboxWriter).record(manager, event));
    return event.eventId;
  };
  const undelivered = (subscriber: string, eventId: string) => undeliveredCount(db, subscriber, 'e.id = $2', [eventId]);
  const deliveryOf = async (subscriber: string, eventId: string) =>
    (
      await db.query(
        `SELECT state, attempts, last_error, next_attempt_at > now() AS waiting
           FROM event_deliveries WHERE subscriber = $1 AND event_id = $2`,
        [subscriber, eventId],
      )
    )[0] as { state: string; attempts: number; last_error: string | null; waiting: boolean } | undefined;

  it('delivers one event to each subscriber once; a success leaves no delivery row behind', async () => {
    const eventId = await record();
    await relay.drain();
    await eventually(
      async () => (await undelivered('probe-first', eventId)) + (await undelivered('probe-second', eventId)),
      (n) => n === 0,
    );
    expect([callsOf('probe-first', eventId), callsOf('probe-second', eventId)]).toEqual([1, 1]);
    expect(await deliveryOf('probe-first', eventId)).toBeUndefined();
  });

  it('delivers to one subscriber while another is still running, with no transaction open meanwhile', async () => {
    const eventId = await record();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    behaviours.set(`probe-second ${eventId}`, () => released);

    relay.nudge();
    await eventually(
      async () => callsOf('probe-second', eventId),
      (n) => n === 1,
    );
    expect(
      await eventually(
        () => undelivered('probe-first', eventId),
        (n) => n === 0,
      ),
    ).toBe(0);
    expect(await undelivered('probe-second', eventId)).toBe(1);
    const [open] = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(open.n).toBe(0);

    release();
    expect(
      await eventually(
        () => undelivered('probe-second', eventId),
        (n) => n === 0,
      ),
    ).toBe(0);
  });

  it('retries only the subscriber that failed, after its backoff; later events of the instance wait, others go on', async () => {
    const instance = uuidv7();
    // The behaviour is in place before the event is recorded: the poll may deliver it at once.
    const failing = uuidv7();
    let failures = 1;
    behaviours.set(`probe-second ${failing}`, () =>
      failures-- > 0 ? Promise.reject(new Error('storage unavailable')) : Promise.resolve(),
    );
    await record(instance, failing);
    const behind = await record(instance);
    const elsewhere = await record();

    await relay.drain();
    const failed = await eventually(
      () => deliveryOf('probe-second', failing),
      (row) => row?.attempts === 1,
    );
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, last_error: 'storage unavailable', waiting: true });
    expect(errors.find((message) => message.includes(failing))).toMatch(
      /probe-second: attempt 1 failed: storage unavailable/,
    );
    // The event behind it waits, untried; another instance's event was delivered.
    expect(await deliveryOf('probe-second', behind)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(callsOf('probe-second', behind)).toBe(0);
    expect(await undelivered('probe-second', elsewhere)).toBe(0);
    // The other subscriber got all three, once, and is not run again.
    expect([failing, behind, elsewhere].map((id) => callsOf('probe-first', id))).toEqual([1, 1, 1]);

    // Not due yet: a drain right away leaves it alone.
    await relay.drain();
    expect(callsOf('probe-second', failing)).toBe(1);

    await eventually(
      async () => {
        await relay.drain();
        return (await undelivered('probe-second', failing)) + (await undelivered('probe-second', behind));
      },
      (n) => n === 0,
      10_000,
    );
    const order = calls.filter((call) => call.subscriber === 'probe-second' && call.aggregateId === instance);
    expect(order.map((call) => call.eventId)).toEqual([failing, failing, behind]);
    expect([failing, behind, elsewhere].map((id) => callsOf('probe-first', id))).toEqual([1, 1, 1]);
  });

  it('hands a batch to a handler that takes batches; a failed batch is delivered one by one, the failing event retried alone', async () => {
    const instance = uuidv7();
    const first = await record(instance);
    const second = await record(instance);
    const other = await record();
    await relay.drain();
    const inBatches = batches.flat();
    // Through handleBatch only, each event once, an instance's events in order.
    expect([first, second, other].map((id) => inBatches.filter((seen) => seen === id).length)).toEqual([1, 1, 1]);
    expect(inBatches.indexOf(first)).toBeLessThan(inBatches.indexOf(second));
    expect([first, second, other].map((id) => callsOf('probe-batch', id))).toEqual([0, 0, 0]);
    expect(await undelivered('probe-batch', other)).toBe(0);

    const failing = uuidv7();
    failingBatches.add(failing);
    let failures = 1;
    behaviours.set(`probe-batch ${failing}`, () =>
      failures-- > 0 ? Promise.reject(new Error('row refused')) : Promise.resolve(),
    );
    // In one transaction, so that they are read in one batch.
    const [behind, elsewhere] = [uuidv7(), uuidv7()];
    await db.transaction((manager) =>
      app.get(OutboxWriter).record(
        manager,
        ...[
          [instance, failing],
          [instance, behind],
          [uuidv7(), elsewhere],
        ].map(
          ([aggregateId, eventId]) =>
            new ProbeHappened({ eventId, aggregateId, organizationId: uuidv7(), occurredAt: new Date() }),
        ),
      ),
    );
    await relay.drain();
    expect(batches.find((batch) => batch.includes(failing))).toEqual([failing, behind, elsewhere]);
    // The batch failed: one by one, the other instance's event is delivered, the failing one is
    // pending and the event behind it waits.
    expect(await deliveryOf('probe-batch', failing)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await deliveryOf('probe-batch', behind)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(callsOf('probe-batch', elsewhere)).toBe(1);
    expect(await undelivered('probe-batch', elsewhere)).toBe(0);
    await eventually(
      async () => {
        await relay.drain();
        return (await undelivered('probe-batch', failing)) + (await undelivered('probe-batch', behind));
      },
      (n) => n === 0,
      10_000,
    );
    const order = calls.filter((call) => call.subscriber === 'probe-batch' && call.aggregateId === instance);
    expect(order.map((call) => call.eventId)).toEqual([failing, failing, behind]);
  });

  it('keeps the order of an instance events for every subscriber', async () => {
    const instance = uuidv7();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await record(instance));
    await eventually(
      async () => {
        await relay.drain();
        return undeliveredCount(db, 'probe-first', 'e.aggregate_id = $2', [instance]);
      },
      (n) => n === 0,
    );
    for (const subscriber of ['probe-first', 'probe-second', 'probe-batch']) {
      await eventually(
        () => undeliveredCount(db, subscriber, 'e.aggregate_id = $2', [instance]),
        (n) => n === 0,
      );
      const seen =
        subscriber === 'probe-batch'
          ? batches.flat().filter((id) => ids.includes(id))
          : calls
              .filter((call) => call.subscriber === subscriber && call.aggregateId === instance)
              .map((c) => c.eventId);
      expect(seen).toEqual(ids);
    }
  });

  it('aborts an attempt past its timeout, counts it failed, and never runs its retry beside it', async () => {
    const hung = uuidv7();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let aborted = false;
    behaviours.set(`probe-first ${hung}`, (_event, signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return released; // ignores the signal: keeps running after its timeout
    });
    await record(undefined, hung);

    const started = Date.now();
    await relay.drain();
    const row = await eventually(
      () => deliveryOf('probe-first', hung),
      (found) => found?.attempts === 1,
      10_000,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(HANDLER_TIMEOUT_MS);
    expect(aborted).toBe(true);
    expect(row).toMatchObject({ state: 'pending', last_error: `no answer within ${HANDLER_TIMEOUT_MS} ms` });
    // Past the backoff (the retry is due), the hung attempt still runs: no retry has started.
    await eventually(
      () => deliveryOf('probe-first', hung),
      (found) => found?.waiting === false,
      10_000,
    );
    await relay.drain();
    expect(callsOf('probe-first', hung)).toBe(1);
    // The other events of the subscriber go on meanwhile.
    const next = await record();
    await relay.drain();
    expect(await undelivered('probe-first', next)).toBe(0);

    behaviours.delete(`probe-first ${hung}`);
    release();
    await eventually(
      async () => {
        await relay.drain();
        return undelivered('probe-first', hung);
      },
      (n) => n === 0,
      10_000,
    );
    expect(callsOf('probe-first', hung)).toBe(2);
  });

  it('declares a delivery dead after the last attempt, lets the instance go on, and replays it from the CLI', async () => {
    const instance = uuidv7();
    const poison = uuidv7();
    behaviours.set(`probe-second ${poison}`, () => Promise.reject(new Error('always broken')));
    await record(instance, poison);
    const after = await record(instance);

    const dead = await eventually(
      async () => {
        await relay.drain();
        return deliveryOf('probe-second', poison);
      },
      (row) => row?.state === 'dead',
      15_000,
    );
    expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, last_error: 'always broken' });
    expect(errors.find((message) => message.includes(`${poison} is dead for probe-second`))).toBeDefined();
    expect(relay.deadDeliveries().get('probe-second')).toBeGreaterThanOrEqual(1);
    // Dead, so the instance's next event was delivered after it.
    expect(
      await eventually(
        () => undelivered('probe-second', after),
        (n) => n === 0,
      ),
    ).toBe(0);

    behaviours.delete(`probe-second ${poison}`);
    const since = new Date(Date.now() - 60_000).toISOString();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/shared/outbox/replay-cli.ts', '--subscriber', 'probe-second', '--since', since],
      { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' } },
    );
    expect(stdout).toMatch(/1 dead delivery of probe-second .* pending again/);
    await eventually(
      async () => {
        await relay.drain();
        return undelivered('probe-second', poison);
      },
      (n) => n === 0,
    );
    expect(callsOf('probe-second', poison)).toBe(MAX_ATTEMPTS + 1);
  });

  it('pauses a subscriber that fails most of its attempts: its events wait in the log, then one probe, then all of them', async () => {
    const down = () => Promise.reject(new Error('receiver down'));
    // Instances' first events fail for probe-second until it is paused (most of its attempts of the
    // last 10 s failed): the first event left unattempted shows it.
    const failed: string[] = [];
    const paused = () => failed.some((id) => callsOf('probe-second', id) === 0);
    for (let round = 0; round < 10 && !paused(); round++) {
      for (let i = 0; i < 10; i++) {
        const eventId = uuidv7();
        behaviours.set(`probe-second ${eventId}`, down);
        failed.push(await record(undefined, eventId));
      }
      await relay.drain();
    }
    expect(paused()).toBe(true);
    const pausedAt = Math.max(...calls.filter((call) => call.subscriber === 'probe-second').map((call) => call.at));

    // Written during the pause: delivered to the other subscribers, not even attempted for probe-second.
    const later: string[] = [];
    for (let i = 0; i < 20; i++) later.push(await record());
    await relay.drain();
    for (const id of later) {
      expect(callsOf('probe-first', id)).toBe(1);
      expect(callsOf('probe-second', id)).toBe(0);
    }
    expect(Date.now() - pausedAt).toBeLessThan(PAUSE_MS);

    // The receiver is back: after the pause one attempt probes it, and a success resumes everything.
    for (const id of failed) behaviours.delete(`probe-second ${id}`);
    await eventually(
      async () => {
        await relay.drain();
        return Promise.all([...failed, ...later].map((id) => undelivered('probe-second', id)));
      },
      (counts) => counts.every((n) => n === 0),
      15_000,
    );
    const resumedAt = Math.min(
      ...calls.filter((call) => call.subscriber === 'probe-second' && call.at > pausedAt).map((call) => call.at),
    );
    expect(resumedAt - pausedAt).toBeGreaterThanOrEqual(PAUSE_MS - 50);
    for (const id of later) expect(callsOf('probe-second', id)).toBe(1);
    for (const id of failed) expect(callsOf('probe-second', id)).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });
});
