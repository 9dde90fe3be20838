import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryStore } from './delivery-store.js';
import { DomainEventRegistry } from './domain-event-registry.js';
import { InProcessSubscribers } from './in-process-subscribers.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxWriter } from './outbox-writer.js';
import { PublicEventCatalog } from './public-event-catalog.js';
import { UnitOfWork } from './unit-of-work.js';

/** The outbox and its delivery. Modules write through UnitOfWork; the writer stays inside (not exported). */
@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [
    DomainEventRegistry,
    PublicEventCatalog,
    InProcessSubscribers,
    DeliveryStore,
    OutboxWriter,
    OutboxRelay,
    UnitOfWork,
  ],
  exports: [DomainEventRegistry, PublicEventCatalog, OutboxRelay, UnitOfWork],
})
export class OutboxModule {}
