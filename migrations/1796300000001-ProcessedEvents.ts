import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The consumers' inbox (src/shared/outbox/inbox.ts): one row per event a subscriber handled through
 * `Inbox.once`, so that a redelivered event changes nothing the second time.
 */
export class ProcessedEvents1796300000001 implements MigrationInterface {
  name = 'ProcessedEvents1796300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "processed_events" ("subscriber" text NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "processed_events_pkey" PRIMARY KEY ("subscriber", "event_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "processed_events"');
  }
}
