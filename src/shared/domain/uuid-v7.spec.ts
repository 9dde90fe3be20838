import { validate, version } from 'uuid';
import { uuidv7 } from './uuid-v7.js';

describe('uuidv7', () => {
  it('makes valid version-7 UUIDs stamped with the current time', () => {
    const before = Date.now();
    const id = uuidv7();
    const stampedMs = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(validate(id) && version(id)).toBe(7);
    expect(stampedMs).toBeGreaterThanOrEqual(before);
    expect(stampedMs).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('never repeats and never sorts a later id before an earlier one, across pool refills', () => {
    // Far more than one pool (256 ids) and mostly within the same millisecond.
    const ids = Array.from({ length: 5_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws fresh random bits for every id', () => {
    const tails = Array.from({ length: 1_000 }, () => uuidv7().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
