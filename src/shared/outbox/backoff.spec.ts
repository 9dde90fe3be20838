import { retryDelayMs } from './backoff.js';

describe('retryDelayMs', () => {
  it('doubles from the base after each failure and stops at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 3_600_000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(13, 1000, 3_600_000)).toBe(3_600_000);
    expect(retryDelayMs(1000, 1000, 3_600_000)).toBe(3_600_000);
  });

  it('spreads the default 35 attempts over about a day', () => {
    let total = 0;
    for (let n = 1; n < 35; n++) total += retryDelayMs(n, 1000, 3_600_000);
    expect(total / 3_600_000).toBeGreaterThan(22);
    expect(total / 3_600_000).toBeLessThan(26);
  });
});
