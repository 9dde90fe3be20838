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

@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [DomainEventRegistry, PublicEventCatalog, InProcessSubscribers, DeliveryStore, OutboxWriter, OutboxRelay],
  exports: [DomainEventRegistry, PublicEventCatalog, DeliveryStore, OutboxWriter, OutboxRelay],
})
export class OutboxModule {}
