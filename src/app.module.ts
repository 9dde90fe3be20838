import { DynamicModule, Module, type Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import type { Environment } from './config/environment.js';
import { BrokerModule } from './broker/broker.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { InstanceActivityModule } from './instance-activity/instance-activity.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { DatabaseModule, type DatabaseModuleOptions } from './shared/database/database.module.js';
import { DiscoveryModule } from './shared/discovery/discovery.module.js';
import { HttpModule } from './shared/http/http.module.js';
import { IdempotencyModule } from './shared/idempotency/idempotency.module.js';
import { OutboxModule } from './shared/outbox/outbox.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  /** `env` comes validated from loadEnvironment; ConfigService serves it and never reads process.env. */
  /** `extraModules`: modules booted with the application (tests add probe controllers this way). */
  static register(env: Environment, database: DatabaseModuleOptions, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          validate: () => ({ ...env }),
        }),
        DatabaseModule.register(database),
        CqrsModule.forRoot(),
        HttpModule,
        DiscoveryModule,
        OutboxModule,
        IdempotencyModule,
        HealthModule,
        IdentityModule,
        OrganizationsModule,
        InstancesModule,
        EventsModule,
        WebhooksModule,
        BrokerModule,
        IntegrationsModule,
        // Teams' modules that react to instance events go here; nothing in src/instances changes.
        InstanceActivityModule,
        ...extraModules,
      ],
    };
  }
}
