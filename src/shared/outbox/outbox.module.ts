import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryStore } from './delivery-store.js';
import { DomainEventRegistry } from './domain-event-registry.js';
import { Inbox } from './inbox.js';
import { InProcessSubscribers } from './in-process-subscribers.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxWriter } from './outbox-writer.js';
import { ProcessedEventEntity } from './processed-event.entity.js';
import { PublicEventCatalog } from './public-event-catalog.js';
import { UnitOfWork } from './unit-of-work.js';

/** The outbox and its delivery. Modules write through UnitOfWork; the writer stays inside (not exported). */
@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboxEventEntity, ProcessedEventEntity])],
  providers: [
    DomainEventRegistry,
    PublicEventCatalog,
    InProcessSubscribers,
    DeliveryStore,
    OutboxWriter,
    OutboxRelay,
    UnitOfWork,
    Inbox,
  ],
  exports: [DomainEventRegistry, PublicEventCatalog, OutboxRelay, UnitOfWork, Inbox],
})
export class OutboxModule {}
