import { DiscoveryService } from '@nestjs/core';
import type { DomainEvent, DomainEventClass } from '../domain/domain-event.js';

export interface DomainEventHandlerOptions {
  /**
   * Stable name of the subscriber: the key of its cursor and delivery state in the database. A new
   * name is a new subscriber, which starts with the events recorded from then on.
   */
  name: string;
  /** The event classes it handles. */
  events: readonly DomainEventClass[];
  /** How many instances' events it handles side by side (one instance's events always one by one). Default 8. */
  concurrency?: number;
}

/**
 * What a class registered with `@DomainEventHandler` implements. `signal` fires when the attempt
 * runs past OUTBOX_HANDLER_TIMEOUT_MS: the attempt already counts as failed, so stop work then.
 */
export interface HandlesDomainEvents<E extends DomainEvent = DomainEvent> {
  handle(event: E, signal: AbortSignal): Promise<void>;
  /**
   * Optional: handles a batch read from the outbox at once (e.g. one INSERT for all), with the same
   * effect as `handle` on each event in turn; the events of one instance come in order. When it
   * fails, the relay falls back to `handle`, event by event, for that batch.
   */
  handleBatch?(events: readonly E[], signal: AbortSignal): Promise<void>;
}

/**
 * Registers a provider as an in-process subscriber of domain events, delivered from the outbox at
 * least once, in order per instance, with delivery state of its own (see docs/adding-a-module.md).
 * Built on Nest's public `DiscoveryService.createDecorator`.
 */
export const DomainEventHandler = DiscoveryService.createDecorator<DomainEventHandlerOptions>();
