import { randomInt } from 'node:crypto';

/** A valid, practically unique handle (lowercase letters only; handles are unique across the run). */
export function uniqueHandle(prefix = 'h'): string {
  let suffix = '';
  for (let i = 0; i < 14; i++) suffix += String.fromCharCode(97 + randomInt(26));
  return `${prefix}-${suffix}`;
}
