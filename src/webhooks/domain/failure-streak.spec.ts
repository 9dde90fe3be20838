import { type AttemptOutcome, streaksOf } from './failure-streak.js';

const at = (second: number) => new Date(Date.UTC(2026, 2, 5, 9, 0, second));
const attempt = (endpointId: string, second: number, error: string | null): AttemptOutcome => ({
  endpointId,
  attemptedAt: at(second),
  error,
});

describe('failure streaks of a batch of webhook attempts', () => {
  it('ends the streak when the last attempt succeeded', () => {
    expect(streaksOf([attempt('a', 1, 'answered 500'), attempt('a', 2, null)])).toEqual([
      expect.objectContaining({ endpointId: 'a', endedOk: true, lastAttemptAt: at(2) }),
    ]);
  });

  it('continues the stored streak when every attempt failed', () => {
    expect(streaksOf([attempt('a', 1, 'answered 500'), attempt('a', 2, 'timed out')])).toEqual([
      {
        endpointId: 'a',
        endedOk: false,
        restarted: false,
        failingFrom: at(1),
        lastAttemptAt: at(2),
        lastError: 'timed out',
      },
    ]);
  });

  it('restarts the streak at the first failure after the last success', () => {
    const [streak] = streaksOf([
      attempt('a', 1, 'answered 500'),
      attempt('a', 2, null),
      attempt('a', 3, 'answered 502'),
      attempt('a', 4, 'answered 503'),
    ]);
    expect(streak).toEqual({
      endpointId: 'a',
      endedOk: false,
      restarted: true,
      failingFrom: at(3),
      lastAttemptAt: at(4),
      lastError: 'answered 503',
    });
  });

  it('keeps one streak per endpoint', () => {
    const streaks = streaksOf([attempt('a', 1, null), attempt('b', 2, 'answered 500'), attempt('a', 3, null)]);
    expect(streaks.map((s) => [s.endpointId, s.endedOk])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });
});
