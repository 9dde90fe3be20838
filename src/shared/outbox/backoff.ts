/** Delay before attempt `attempts + 1`, after `attempts` failures: base, 2 x base, 4 x base, ... up to max. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
}
