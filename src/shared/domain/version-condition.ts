/**
 * What a conditional write (HTTP If-Match) expects of the current version of the row it changes:
 * any version, as long as it exists (`*`), or one of the given versions.
 */
export type VersionCondition = 'any' | readonly number[];

/** The condition of a write does not hold: the row changed since it was read, or is gone. */
export class PreconditionFailed extends Error {
  constructor() {
    super('The resource has changed or no longer exists.');
    this.name = 'PreconditionFailed';
  }
}

/**
 * Checked inside the locked read of the write (`current` undefined: no such row), so that nothing
 * can change the row between the check and the write. No condition: nothing to check.
 */
export function requireVersion(condition: VersionCondition | undefined, current: number | undefined): void {
  if (condition === undefined) return;
  if (current === undefined || (condition !== 'any' && !condition.includes(current))) throw new PreconditionFailed();
}
