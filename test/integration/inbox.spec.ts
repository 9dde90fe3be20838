import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { Inbox } from '../../src/shared/outbox/inbox.js';
import { startTestContext } from '../support/test-context.js';

describe('Inbox.once (integration)', () => {
  let context: INestApplicationContext;
  let inbox: Inbox;
  let db: DataSource;

  beforeAll(async () => {
    context = await startTestContext();
    inbox = context.get(Inbox);
    db = context.get(DataSource);
  });

  afterAll(() => context.close());

  const recorded = async (subscriber: string, eventId: string) =>
    (
      await db.query('SELECT count(*)::int AS n FROM processed_events WHERE subscriber = $1 AND event_id = $2', [
        subscriber,
        eventId,
      ])
    )[0].n as number;

  it('runs the work of an event once per subscriber, however often it is delivered', async () => {
    const event = { eventId: uuidv7() };
    const runs: string[] = [];
    const work = (subscriber: string) => () => Promise.resolve(runs.push(subscriber));
    expect(await inbox.once('counter-a', event, work('a'))).toBe(true);
    expect(await inbox.once('counter-a', event, work('a'))).toBe(false);
    expect(await inbox.once('counter-b', event, work('b'))).toBe(true);
    expect(runs).toEqual(['a', 'b']);
  });

  it('runs it once when two deliveries race (the second waits for the first to commit)', async () => {
    const event = { eventId: uuidv7() };
    let runs = 0;
    const work = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const ran = await Promise.all([inbox.once('racer', event, work), inbox.once('racer', event, work)]);
    expect(ran.sort()).toEqual([false, true]);
    expect(runs).toBe(1);
  });

  it('keeps no record of a failed attempt, so that its retry runs the work', async () => {
    const event = { eventId: uuidv7() };
    await expect(
      inbox.once('flaky', event, async () => {
        throw new Error('database hiccup');
      }),
    ).rejects.toThrow('database hiccup');
    expect(await recorded('flaky', event.eventId)).toBe(0);
    expect(await inbox.once('flaky', event, () => Promise.resolve())).toBe(true);
    expect(await recorded('flaky', event.eventId)).toBe(1);
  });
});
