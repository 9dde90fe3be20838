import pg from 'pg';
import type { Statement } from '../database/sql.js';
import type { DomainEvent } from '../domain/domain-event.js';
import { CoalescedInserts, type InsertWriter } from './coalesced-inserts.js';
import type { EventOfRow } from './outbox-writer.js';

interface Row {
  id: string;
  pullEvents(): DomainEvent[];
}

const rowOf = (id: string): Row => ({ id, pullEvents: () => [{ eventId: `event-${id}` } as DomainEvent] });

/** A statement of the fake database: which rows it was asked to write, and its answer to settle. */
interface Call {
  ids: string[];
  events: EventOfRow[];
  answer: (written: Set<string> | Error) => void;
}

/** A writer whose statements stay open until the test answers them. */
function fakeWriter(hooked = false) {
  const calls: Call[] = [];
  const writer: InsertWriter = {
    write: (insert, events) =>
      new Promise((resolve, reject) =>
        calls.push({
          ids: insert.values[0] as string[],
          events,
          answer: (written) => (written instanceof Error ? reject(written) : resolve(written)),
        }),
      ),
    hooked: () => hooked,
    outsideRequest: (work) => work(),
  };
  return { calls, writer };
}

const build = (rows: Row[]): Statement => ({ text: 'INSERT', values: [rows.map((row) => row.id)] });
const turn = () => new Promise((resolve) => setImmediate(resolve));
const integrityViolation = () =>
  Object.assign(new pg.DatabaseError('violates a foreign key', 0, 'error'), { code: '23503' });

describe('CoalescedInserts', () => {
  it('writes rows that arrive in one turn of the event loop in one statement, with their events', async () => {
    const { calls, writer } = fakeWriter();
    const inserts = new CoalescedInserts(build, writer);
    const outcomes = ['a', 'b', 'c'].map((id) => inserts.insert(rowOf(id)));
    await turn();
    expect(calls.map((call) => call.ids)).toEqual([['a', 'b', 'c']]);
    expect(calls[0].events.map(({ rowId, event }) => [rowId, event.eventId])).toEqual([
      ['a', 'event-a'],
      ['b', 'event-b'],
      ['c', 'event-c'],
    ]);
    calls[0].answer(new Set(['a', 'c']));
    // b's row was skipped by the conflict clause: false, not an error.
    expect(await Promise.all(outcomes)).toEqual([true, false, true]);
  });

  it('runs two statements at a time; rows arriving meanwhile wait and go together in the next', async () => {
    const { calls, writer } = fakeWriter();
    const inserts = new CoalescedInserts(build, writer);
    const first = inserts.insert(rowOf('a'));
    await turn();
    const second = inserts.insert(rowOf('b'));
    await turn();
    const later = ['c', 'd', 'e'].map((id) => inserts.insert(rowOf(id)));
    await turn();
    expect(calls.map((call) => call.ids)).toEqual([['a'], ['b']]);
    calls[1].answer(new Set(['b']));
    expect(await second).toBe(true);
    await turn();
    expect(calls.map((call) => call.ids)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    calls[0].answer(new Set(['a']));
    calls[2].answer(new Set(['c', 'd', 'e']));
    expect(await Promise.all([first, ...later])).toEqual([true, true, true, true]);
  });

  it('tries a statement refused for an integrity violation again row by row: only the guilty row fails', async () => {
    const { calls, writer } = fakeWriter();
    const inserts = new CoalescedInserts(build, writer);
    const outcomes = ['a', 'b', 'c'].map((id) => inserts.insert(rowOf(id)).catch((error: Error) => error));
    await turn();
    calls[0].answer(integrityViolation());
    await turn();
    expect(calls.map((call) => call.ids)).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
    expect(calls[2].events.map(({ rowId }) => rowId)).toEqual(['b']);
    calls[1].answer(new Set(['a']));
    calls[2].answer(integrityViolation());
    calls[3].answer(new Set());
    const [a, b, c] = await Promise.all(outcomes);
    expect(a).toBe(true);
    expect(b).toBeInstanceOf(pg.DatabaseError);
    expect(c).toBe(false);
  });

  it('fails every row of a statement that failed for another reason, without trying them again', async () => {
    const { calls, writer } = fakeWriter();
    const inserts = new CoalescedInserts(build, writer);
    const outcomes = ['a', 'b'].map((id) => inserts.insert(rowOf(id)).catch((error: Error) => error.message));
    await turn();
    calls[0].answer(new Error('Query read timeout'));
    expect(await Promise.all(outcomes)).toEqual(['Query read timeout', 'Query read timeout']);
    expect(calls).toHaveLength(1);
  });

  it('writes the row of a caller with commit hooks (an idempotent request) alone, at once', async () => {
    const { calls, writer } = fakeWriter(true);
    const inserts = new CoalescedInserts(build, writer);
    const outcomes = [inserts.insert(rowOf('a')), inserts.insert(rowOf('b'))];
    expect(calls.map((call) => call.ids)).toEqual([['a'], ['b']]);
    calls[0].answer(new Set(['a']));
    calls[1].answer(integrityViolation());
    expect(await outcomes[0]).toBe(true);
    await expect(outcomes[1]).rejects.toBeInstanceOf(pg.DatabaseError);
  });
});
