import { Module, OnModuleInit } from '@nestjs/common';
import { EventsModule } from '../events/index.js';
import { OutboxRelay } from '../shared/outbox/outbox-relay.js';
import { NatsRelay } from './infrastructure/nats-relay.js';

/** The events for other services: a relay to NATS JetStream, active when NATS_URL is set. */
@Module({ imports: [EventsModule], providers: [NatsRelay] })
export class BrokerModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly nats: NatsRelay,
  ) {}

  onModuleInit(): void {
    this.relay.addSource(this.nats);
  }
}
