import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import type { Environment } from '../../config/environment.js';
import { DomainEventRegistry } from './domain-event-registry.js';
import { DomainEventHandler, type HandlesDomainEvents } from './domain-event-handler.decorator.js';
import type { EventSubscriber, EventSubscriberSource, LoggedEvent } from './event-subscriber.js';

const DEFAULT_CONCURRENCY = 8;

/** Every `@DomainEventHandler` provider of the application, found at start-up, as a subscriber. */
@Injectable()
export class InProcessSubscribers implements EventSubscriberSource, OnModuleInit {
  private found: EventSubscriber[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: DomainEventRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onModuleInit(): void {
    const timeoutMs = this.config.get('OUTBOX_HANDLER_TIMEOUT_MS', { infer: true });
    const names = new Set<string>();
    this.found = this.discovery.getProviders({ metadataKey: DomainEventHandler.KEY }).map((wrapper) => {
      if (!wrapper.isDependencyTreeStatic()) {
        // Delivery runs outside any request: there is no context to resolve a scoped handler in.
        throw new Error(`Domain event handler ${wrapper.name} must be a singleton (default scope)`);
      }
      const options = this.discovery.getMetadataByDecorator(DomainEventHandler, wrapper)!;
      if (names.has(options.name)) throw new Error(`Two domain event handlers are named ${options.name}`);
      names.add(options.name);
      const handler = wrapper.instance as HandlesDomainEvents;
      const handleBatch = handler.handleBatch?.bind(handler);
      return {
        name: options.name,
        filter: { types: options.events.map((eventClass) => eventClass.eventType) },
        timeoutMs,
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        deliver: (event: LoggedEvent, signal: AbortSignal) => handler.handle(this.registry.rebuild(event), signal),
        ...(handleBatch && {
          deliverMany: (events: readonly LoggedEvent[], signal: AbortSignal) =>
            handleBatch(
              events.map((event) => this.registry.rebuild(event)),
              signal,
            ),
        }),
      };
    });
  }

  subscribers(): readonly EventSubscriber[] {
    return this.found;
  }
}
