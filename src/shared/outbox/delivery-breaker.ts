import type { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';

/** What one attempt came to; a failed one is what the breaker counts. */
export type Attempt = { ok: true } | { ok: false; error: string; stillRunning?: Promise<unknown> };

class AttemptFailed extends Error {
  constructor(readonly attempt: Attempt) {
    super('attempt failed');
  }
}

/**
 * Pauses delivery to a subscriber that fails most of what it gets (an endpoint down, a broker
 * unreachable): without it, every new event would be attempted, fail, be recorded and be retried
 * on its own, at the rate events are written. Once at least half of the subscriber's attempts of
 * the last 10 seconds failed (10 at least), it is paused for `pauseMs`: its events wait in the
 * log, behind its cursor, and nothing is attempted; then one attempt probes it (its oldest due
 * retry, else its next event), and a success resumes delivery. Circuit breaking is opossum's.
 */
export class DeliveryBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<Attempt>], Attempt>;

  constructor(subscriber: string, pauseMs: number, logger: Logger) {
    this.breaker = new CircuitBreaker(
      async (attempt: () => Promise<Attempt>) => {
        const outcome = await attempt();
        if (!outcome.ok) throw new AttemptFailed(outcome);
        return outcome;
      },
      {
        timeout: false,
        errorThresholdPercentage: 50,
        volumeThreshold: 10,
        resetTimeout: pauseMs,
        // Counts only: no latency percentiles sorted and no snapshot emitted every second.
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
      },
    );
    this.breaker.on('open', () =>
      logger.warn(`Delivery to ${subscriber} paused for ${pauseMs} ms: most of its recent attempts failed`),
    );
    this.breaker.on('close', () => logger.log(`Delivery to ${subscriber} resumed`));
  }

  /** Nothing may be attempted now. */
  get paused(): boolean {
    return this.breaker.opened;
  }

  /** The pause is over: one attempt may probe the subscriber. */
  get probing(): boolean {
    return this.breaker.halfOpen;
  }

  /** Runs the attempt unless paused (undefined: not attempted) and counts what it came to. */
  async run(attempt: () => Promise<Attempt>): Promise<Attempt | undefined> {
    try {
      return await this.breaker.fire(attempt);
    } catch (error) {
      if (error instanceof AttemptFailed) return error.attempt;
      return undefined; // paused, or a probe already under way
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
