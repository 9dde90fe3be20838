/**
 * An endpoint's failure streak: since when its deliveries have failed without a success (the
 * endpoint is disabled once that lasts WEBHOOK_DISABLE_AFTER_HOURS).
 */

/** What a delivery attempt tells about its endpoint's failure streak. */
export interface AttemptOutcome {
  endpointId: string;
  attemptedAt: Date;
  /** Why it failed; null on success. */
  error: string | null;
}

/** What a batch did to an endpoint's failure streak, in the order its attempts were made. */
interface Streak {
  endpointId: string;
  /** Its last attempt in the batch succeeded: the streak ends. */
  endedOk: boolean;
  /** A success came before the batch's last failures: the streak restarts at `failingFrom`. */
  restarted: boolean;
  failingFrom: Date | null;
  lastAttemptAt: Date;
  lastError: string | null;
}

/** Per endpoint, what its attempts of the batch did to its failure streak. */
export function streaksOf(batch: readonly AttemptOutcome[]): Streak[] {
  const streaks = new Map<string, Streak>();
  for (const attempt of batch) {
    const streak = streaks.get(attempt.endpointId);
    const failed = attempt.error !== null;
    if (!streak) {
      streaks.set(attempt.endpointId, {
        endpointId: attempt.endpointId,
        endedOk: !failed,
        restarted: false,
        failingFrom: failed ? attempt.attemptedAt : null,
        lastAttemptAt: attempt.attemptedAt,
        lastError: attempt.error,
      });
      continue;
    }
    if (failed && streak.endedOk) {
      streak.restarted = true;
      streak.failingFrom = attempt.attemptedAt;
    }
    streak.endedOk = !failed;
    streak.lastAttemptAt = attempt.attemptedAt;
    streak.lastError = attempt.error ?? streak.lastError;
  }
  return [...streaks.values()];
}
