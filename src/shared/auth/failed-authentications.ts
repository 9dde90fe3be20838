import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import type { Environment } from '../../config/environment.js';
import { ProblemException } from '../http/problem.exception.js';

const WINDOW_MS = 60_000;
/** Addresses tracked at once; the least recently failing are forgotten first. */
const MAX_ADDRESSES = 10_000;

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Failed authentications per client address over a fixed one-minute window, in memory: once an
 * address reaches AUTH_FAILURES_PER_MINUTE, every request from it that needs authentication gets a
 * 429 until the window ends, before any credential is looked up, so that a flood of random keys
 * costs no database query. Per process (each replica counts alone), like a first line of defence.
 */
@Injectable()
export class FailedAuthentications {
  private readonly limit: number;
  private readonly windows = new LRUCache<string, Window>({ max: MAX_ADDRESSES });

  constructor(config: ConfigService<Environment, true>) {
    this.limit = config.get('AUTH_FAILURES_PER_MINUTE', { infer: true });
  }

  /** Throws the 429 when `address` has used up its failures for this window. */
  refuseIfExhausted(address: string, now = Date.now()): void {
    if (this.limit === 0) return;
    const window = this.windows.get(address);
    if (!window || window.endsAt <= now || window.failures < this.limit) return;
    const seconds = Math.ceil((window.endsAt - now) / 1000);
    throw ProblemException.of(
      429,
      `Too many failed authentications from this address: at most ${this.limit} per minute. Retry in ${seconds} seconds.`,
      { 'retry-after': String(seconds) },
    );
  }

  record(address: string, now = Date.now()): void {
    if (this.limit === 0) return;
    const window = this.windows.get(address);
    if (!window || window.endsAt <= now) this.windows.set(address, { failures: 1, endsAt: now + WINDOW_MS });
    else window.failures++;
  }
}
