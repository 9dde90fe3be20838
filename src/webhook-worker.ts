import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { pino } from 'pino';
import { AppModule } from './app.module.js';
import { databaseOptions } from './bootstrap.js';
import { loadEnvironment } from './config/environment.js';
import { PinoNestLogger } from './shared/logging/pino-nest-logger.js';
import { DeliveryPlan } from './shared/outbox/delivery-plan.js';
import { OutboxRelay } from './shared/outbox/outbox-relay.js';
import type { FromWorker, ToWorker } from './webhook-worker-process.js';

/**
 * The webhook worker: a child of the API process (src/main.ts forks it when WEBHOOK_WORKER is on)
 * that delivers the outbox log to the webhook endpoints and does nothing else. Its environment is
 * the API's, with the database the API resolved; the API has run the migrations.
 */
async function main(): Promise<void> {
  const env = loadEnvironment();
  if (!env.DATABASE_URL || !process.send) throw new Error('The webhook worker is started by the service (src/main.ts)');
  const logger = new PinoNestLogger(pino({ level: env.LOG_LEVEL, name: 'webhook-worker' }));
  const app = await NestFactory.createApplicationContext(
    AppModule.register(
      env,
      databaseOptions(env, env.DATABASE_URL, { migrationsRun: false }),
      [],
      DeliveryPlan.only('webhooks'),
    ),
    { logger },
  );
  const relay = app.get(OutboxRelay);
  process.on('message', (message: ToWorker) => {
    if (message.type === 'nudge') relay.nudge();
    else void relay.refresh().then(() => tell({ type: 'refreshed', id: message.id }));
  });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close(); // the relay finishes its deliveries in hand and gives its leases back
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  // Ctrl-C reaches the whole process group: the API stops the worker in its own order.
  process.on('SIGINT', () => undefined);
  // The API process is gone (crashed or killed): so is the reason to deliver from here.
  process.once('disconnect', () => void stop());
  tell({ type: 'ready' });
}

function tell(message: FromWorker): void {
  if (process.connected) process.send?.(message);
}

main().catch((error: unknown) => {
  console.error(`Webhook worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
