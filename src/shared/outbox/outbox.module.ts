import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEventRegistry } from './domain-event-registry.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxWriter } from './outbox-writer.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEventEntity])],
  providers: [DomainEventRegistry, OutboxWriter, OutboxRelay],
  exports: [DomainEventRegistry, OutboxWriter, OutboxRelay],
})
export class OutboxModule {}
