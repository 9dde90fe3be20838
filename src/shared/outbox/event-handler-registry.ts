import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import type { IEventHandler } from '@nestjs/cqrs';
import type { Environment } from '../../config/environment.js';
import type { DomainEvent } from '../domain/domain-event.js';

/**
 * The metadata key under which `@EventsHandler(...)` stores the event classes a handler handles.
 * @nestjs/cqrs defines it in dist/decorators/constants.js but does not export it.
 */
const EVENTS_HANDLER_METADATA = '__eventsHandler__';

type EventClass = abstract new (...args: never[]) => object;

/**
 * Every `@EventsHandler` provider of the application, by the event classes it handles, found at
 * start-up with Nest's DiscoveryService. The outbox relay delivers through it, instead of the CQRS
 * EventBus, because the EventBus runs handlers without letting the caller await them.
 */
@Injectable()
export class EventHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(EventHandlerRegistry.name);
  private readonly handlers = new Map<EventClass, IEventHandler[]>();

  private readonly timeoutMs: number;

  constructor(
    private readonly discovery: DiscoveryService,
    config: ConfigService<Environment, true>,
  ) {
    this.timeoutMs = config.get('OUTBOX_HANDLER_TIMEOUT_MS', { infer: true });
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const eventClasses = wrapper.metatype
        ? (Reflect.getMetadata(EVENTS_HANDLER_METADATA, wrapper.metatype) as EventClass[] | undefined)
        : undefined;
      if (!eventClasses) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        // The relay runs outside any request: it has no context to resolve a scoped handler in.
        throw new Error(`Event handler ${wrapper.name} must be a singleton (default scope)`);
      }
      const handler = wrapper.instance as IEventHandler;
      for (const eventClass of eventClasses) {
        this.handlers.set(eventClass, [...(this.handlers.get(eventClass) ?? []), handler]);
      }
    }
  }

  /**
   * Runs every handler of the event side by side and waits for all of them. True when all succeeded;
   * each failure (an error, or no answer within OUTBOX_HANDLER_TIMEOUT_MS) is logged with the event
   * id and the handler's name.
   */
  async deliver(event: DomainEvent): Promise<boolean> {
    const handlers = this.handlers.get(event.constructor as EventClass) ?? [];
    const outcomes = await Promise.allSettled(handlers.map((handler) => this.handleInTime(handler, event)));
    let delivered = true;
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      delivered = false;
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      this.logger.error(
        `Event ${event.eventId} (${event.constructor.name}): ${handlers[index].constructor.name} failed: ${reason}`,
      );
    });
    return delivered;
  }

  /** A hung handler must not stall the relay: after the timeout it counts as failed, and is retried. */
  private async handleInTime(handler: IEventHandler, event: DomainEvent): Promise<void> {
    const timer = new AbortController();
    const timedOut = sleep(this.timeoutMs, undefined, { signal: timer.signal }).then(
      () => Promise.reject(new Error(`no answer within ${this.timeoutMs} ms`)),
      () => undefined, // cancelled: the handler answered first
    );
    try {
      await Promise.race([Promise.resolve().then(() => handler.handle(event)), timedOut]);
    } finally {
      timer.abort();
    }
  }
}
