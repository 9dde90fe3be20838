import { randomInt } from 'node:crypto';

/** `length` random lowercase letters a-z (never digits: handles allow letters and hyphens only). */
export function randomLetters(length: number): string {
  let letters = '';
  for (let i = 0; i < length; i++) letters += String.fromCharCode(97 + randomInt(26));
  return letters;
}

/**
 * A valid handle that is practically unique across the whole test run (handles are unique across
 * all instances of all organizations): `<prefix>-<14 random letters>`, or just the letters.
 */
export function randomHandle(prefix?: string): string {
  const suffix = randomLetters(14);
  const handle = prefix ? `${prefix}-${suffix}` : suffix;
  if (handle.length > 30 || !/^[a-z]+(-[a-z]+)*$/.test(handle)) {
    throw new Error(`randomHandle: prefix "${prefix}" does not give a valid handle`);
  }
  return handle;
}
