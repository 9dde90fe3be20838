import { formatTimestamp } from './json-ld.js';

const viaIsoString = (date: Date): string => `${date.toISOString().slice(0, 19)}+00:00`;

describe('formatTimestamp', () => {
  it('writes RFC 3339 in UTC to the second, as toISOString does', () => {
    expect(formatTimestamp(new Date('2026-01-09T03:05:09.999Z'))).toBe('2026-01-09T03:05:09+00:00');
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 5_000; i++) {
      const date = new Date(Date.UTC(-300, 0, 1) + random() * (Date.UTC(12000, 0, 1) - Date.UTC(-300, 0, 1)));
      expect(formatTimestamp(date)).toBe(viaIsoString(date));
    }
  });
});
