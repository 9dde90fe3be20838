import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEventRegistry } from './domain-event-registry.js';
import { EventHandlerRegistry } from './event-handler-registry.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxWriter } from './outbox-writer.js';

@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [DomainEventRegistry, EventHandlerRegistry, OutboxWriter, OutboxRelay],
  exports: [DomainEventRegistry, OutboxWriter, OutboxRelay],
})
export class OutboxModule {}
