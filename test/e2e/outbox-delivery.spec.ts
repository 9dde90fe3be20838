import { type INestApplicationContext, type LoggerService, Module, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../../src/app.module.js';
import { loadEnvironment } from '../../src/config/environment.js';
import type { DomainEvent, StoredEvent } from '../../src/shared/domain/domain-event.js';
import { DomainEventRegistry } from '../../src/shared/outbox/domain-event-registry.js';
import { OutboxRelay } from '../../src/shared/outbox/outbox-relay.js';
import { OutboxWriter } from '../../src/shared/outbox/outbox-writer.js';
import { eventually } from '../support/eventually.js';

/** Short, so that a hung handler's timeout shows within the test; far above what the other tests wait. */
const HANDLER_TIMEOUT_MS = 2000;

/** An event only this test records and handles. */
class ProbeHappened implements DomainEvent {
  static readonly eventType = 'OutboxDeliveryProbe';
  static readonly eventVersion = 1;

  constructor(
    readonly eventId: string,
    readonly aggregateId: string,
    readonly organizationId: string,
    readonly occurredAt: Date,
  ) {}

  toPayload(): Record<string, unknown> {
    return {};
  }

  static fromStored(stored: StoredEvent): ProbeHappened {
    return new ProbeHappened(stored.eventId, stored.aggregateId, stored.organizationId, stored.occurredAt);
  }
}

/** What each handler does with an event, set by the tests; by default it succeeds. */
type Behaviour = (event: ProbeHappened) => Promise<void>;
const behaviours = new Map<string, Behaviour>();
/** Every call of a handler, successful or not, by handler name. */
const calls: { handler: string; eventId: string }[] = [];
const callsOf = (handler: string, eventId: string) =>
  calls.filter((call) => call.handler === handler && call.eventId === eventId).length;

abstract class ProbeHandler implements IEventHandler<ProbeHappened> {
  async handle(event: ProbeHappened): Promise<void> {
    calls.push({ handler: this.constructor.name, eventId: event.eventId });
    await behaviours.get(`${this.constructor.name} ${event.eventId}`)?.(event);
  }
}

@EventsHandler(ProbeHappened)
class FirstProbeHandler extends ProbeHandler {}

@EventsHandler(ProbeHappened)
class SecondProbeHandler extends ProbeHandler {}

/** A team's module as in docs/adding-a-module.md: handlers registered as plain providers. */
@Module({ providers: [FirstProbeHandler, SecondProbeHandler] })
class ProbeModule implements OnModuleInit {
  constructor(private readonly events: DomainEventRegistry) {}

  onModuleInit(): void {
    this.events.register(ProbeHappened);
  }
}

describe('outbox relay: awaits every handler, marks published only after all succeeded', () => {
  let app: INestApplicationContext;
  let db: DataSource;
  const errors: string[] = [];

  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_RUN_URL;
    if (!url) throw new Error('TEST_DATABASE_RUN_URL is unset: run the tests through jest (global setup)');
    const env = loadEnvironment({
      NODE_ENV: 'test',
      MIGRATIONS_RUN: 'true',
      SEED_DEMO: 'false',
      OUTBOX_HANDLER_TIMEOUT_MS: String(HANDLER_TIMEOUT_MS),
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
  });
  afterAll(() => app?.close());

  const record = async () => {
    const event = new ProbeHappened(uuidv7(), uuidv7(), uuidv7(), new Date());
    await db.transaction((manager) => app.get(OutboxWriter).record(manager, event));
    return event.eventId;
  };
  const rowOf = async (eventId: string) =>
    (
      await db.query(
        `SELECT published_at, attempts, next_attempt_at > now() AS waiting FROM outbox_events WHERE id = $1`,
        [eventId],
      )
    )[0] as { published_at: Date | null; attempts: number; waiting: boolean };

  it('delivers one event to both of its handlers, once each, then marks it published', async () => {
    const eventId = await record();
    await app.get(OutboxRelay).drain();
    // The timer may have claimed it first; either way it ends published.
    await eventually(
      () => rowOf(eventId),
      (row) => row.published_at !== null,
    );
    expect([callsOf('FirstProbeHandler', eventId), callsOf('SecondProbeHandler', eventId)]).toEqual([1, 1]);
    expect((await rowOf(eventId)).attempts).toBe(0);
  });

  it('leaves an event unpublished while one of its handlers is still running', async () => {
    const eventId = await record();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    behaviours.set(`SecondProbeHandler ${eventId}`, () => released);

    app.get(OutboxRelay).nudge();
    await eventually(
      async () => callsOf('SecondProbeHandler', eventId),
      (n) => n === 1,
    );
    // The other handler finished long ago; the relay still waits for this one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(callsOf('FirstProbeHandler', eventId)).toBe(1);
    expect((await rowOf(eventId)).published_at).toBeNull();

    release();
    const row = await eventually(
      () => rowOf(eventId),
      (found) => found.published_at !== null,
    );
    expect(row.attempts).toBe(0);
  });

  it('retries an event whose handler failed after a backoff, without holding up the next events', async () => {
    const poison = await record();
    const next = await record();
    let failures = 1;
    behaviours.set(`SecondProbeHandler ${poison}`, () => {
      if (failures-- > 0) return Promise.reject(new Error('storage unavailable'));
      return Promise.resolve();
    });

    await app.get(OutboxRelay).drain();
    await eventually(
      () => rowOf(next),
      (row) => row.published_at !== null,
    );
    const failed = await eventually(
      () => rowOf(poison),
      (row) => row.attempts === 1,
    );
    expect(failed).toMatchObject({ published_at: null, attempts: 1, waiting: true });
    expect(errors).toContainEqual(expect.stringContaining(poison));
    expect(errors.find((message) => message.includes(poison))).toMatch(/SecondProbeHandler.*storage unavailable/);

    // Not due yet: a drain right away leaves it alone.
    await app.get(OutboxRelay).drain();
    expect(callsOf('SecondProbeHandler', poison)).toBe(1);

    // Due after the backoff (1 s): delivered again to both handlers (at-least-once), then published.
    const published = await eventually(
      async () => {
        await app.get(OutboxRelay).drain();
        return rowOf(poison);
      },
      (row) => row.published_at !== null,
      10_000,
    );
    expect(published.attempts).toBe(1);
    expect([callsOf('FirstProbeHandler', poison), callsOf('SecondProbeHandler', poison)]).toEqual([2, 2]);
    expect([callsOf('FirstProbeHandler', next), callsOf('SecondProbeHandler', next)]).toEqual([1, 1]);
  });
  it('counts a handler that does not answer in time as failed, so a hung handler cannot stall the relay', async () => {
    const hung = await record();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    behaviours.set(`FirstProbeHandler ${hung}`, () => released);

    const started = Date.now();
    await app.get(OutboxRelay).drain();
    const row = await eventually(
      () => rowOf(hung),
      (found) => found.attempts === 1,
      10_000,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(HANDLER_TIMEOUT_MS);
    expect(row).toMatchObject({ published_at: null, attempts: 1, waiting: true });
    expect(errors.find((message) => message.includes(hung))).toMatch(
      new RegExp(`FirstProbeHandler failed: no answer within ${HANDLER_TIMEOUT_MS} ms`),
    );
    const next = await record();
    await app.get(OutboxRelay).drain();
    expect((await rowOf(next)).published_at).not.toBeNull();
    release();
  });
});
