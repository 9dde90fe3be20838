import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event whose handler failed stays unpublished and is retried with a backoff: `attempts` counts
 * the failed deliveries, `next_attempt_at` says when the relay may claim it again. Both default,
 * so that the statements recording events need not name them. The pending index now serves the
 * relay's claim (due rows, soonest first).
 */
export class OutboxRetries1796090000000 implements MigrationInterface {
  name = 'OutboxRetries1796090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "outbox_events" ADD "attempts" integer NOT NULL DEFAULT 0');
    await queryRunner.query(
      'ALTER TABLE "outbox_events" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()',
    );
    await queryRunner.query('UPDATE "outbox_events" SET "next_attempt_at" = "occurred_at" WHERE published_at IS NULL');
    await queryRunner.query('DROP INDEX "outbox_events_unpublished_idx"');
    await queryRunner.query(
      'CREATE INDEX "outbox_events_pending_idx" ON "outbox_events" ("next_attempt_at") WHERE published_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "outbox_events_pending_idx"');
    await queryRunner.query(
      'CREATE INDEX "outbox_events_unpublished_idx" ON "outbox_events" ("occurred_at") WHERE published_at IS NULL',
    );
    await queryRunner.query('ALTER TABLE "outbox_events" DROP COLUMN "next_attempt_at"');
    await queryRunner.query('ALTER TABLE "outbox_events" DROP COLUMN "attempts"');
  }
}
