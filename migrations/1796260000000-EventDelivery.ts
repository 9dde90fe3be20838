import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery per subscriber. The outbox becomes an append-only log read in commit-safe order:
 * `tx_id` (the writing transaction, `pg_current_xact_id()` by default, so the statements recording
 * events need not name it) then `position` (an identity, the order inside a transaction). A reader
 * only reads rows whose transaction is older than every transaction still running
 * (`pg_snapshot_xmin`), so no row can later appear behind a position it has passed.
 *
 * Each subscriber keeps its progress in `event_subscriptions` (a cursor in that order, and a lease
 * held by the replica that delivers for it) and its failures in `event_deliveries` (only events that
 * failed at least once, or that wait behind such an event of the same instance). The published flag,
 * shared by every handler, goes away.
 *
 * The existing in-process consumer (`instance-activity`) gets its cursor just before the oldest
 * event left unpublished, so that nothing pending at the upgrade is lost.
 */
export class EventDelivery1796260000000 implements MigrationInterface {
  name = 'EventDelivery1796260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "outbox_events" ADD "position" bigint GENERATED ALWAYS AS IDENTITY');
    await queryRunner.query(`ALTER TABLE "outbox_events" ADD "tx_id" xid8 NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "outbox_events" ALTER "tx_id" SET DEFAULT pg_current_xact_id()`);
    await queryRunner.query(`
      CREATE TABLE "event_subscriptions" (
        "subscriber" text PRIMARY KEY,
        "cursor_tx" xid8 NOT NULL DEFAULT '0',
        "cursor_position" bigint NOT NULL DEFAULT 0,
        "lease_owner" text,
        "lease_until" timestamptz
      )`);
    await queryRunner.query(`
      INSERT INTO "event_subscriptions" ("subscriber", "cursor_position")
      SELECT 'instance-activity', coalesce(min("position") - 1, (SELECT coalesce(max("position"), 0) FROM "outbox_events"))
        FROM "outbox_events" WHERE "published_at" IS NULL`);
    await queryRunner.query(`
      CREATE TABLE "event_deliveries" (
        "subscriber" text NOT NULL,
        "event_id" uuid NOT NULL REFERENCES "outbox_events" ("id") ON DELETE CASCADE,
        "aggregate_id" uuid NOT NULL,
        "tx_id" xid8 NOT NULL,
        "position" bigint NOT NULL,
        "state" text NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'delivered', 'dead')),
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_error" text,
        "lease_until" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("subscriber", "event_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "event_deliveries_pending_idx" ON "event_deliveries" ("subscriber", "aggregate_id", "tx_id", "position") WHERE "state" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "event_deliveries_dead_idx" ON "event_deliveries" ("subscriber", "updated_at") WHERE "state" = 'dead'`,
    );
    await queryRunner.query('DROP INDEX "outbox_events_pending_idx"');
    await queryRunner.query('DROP INDEX "outbox_events_organization_idx"');
    await queryRunner.query('ALTER TABLE "outbox_events" DROP COLUMN "published_at"');
    await queryRunner.query('ALTER TABLE "outbox_events" DROP COLUMN "attempts"');
    await queryRunner.query('ALTER TABLE "outbox_events" DROP COLUMN "next_attempt_at"');
    await queryRunner.query('CREATE INDEX "outbox_events_log_idx" ON "outbox_events" ("tx_id", "position")');
    await queryRunner.query(
      'CREATE INDEX "outbox_events_organization_idx" ON "outbox_events" ("organization_id", "tx_id", "position")',
    );
    // A transfer also belongs to the organization it went to (the events feed, webhooks).
    await queryRunner.query(
      `CREATE INDEX "outbox_events_transferred_to_idx" ON "outbox_events" (((payload->>'to_organization_id')::uuid), "tx_id", "position") WHERE "type" = 'InstanceTransferred'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "outbox_events_transferred_to_idx"');
    await queryRunner.query('DROP INDEX "outbox_events_organization_idx"');
    await queryRunner.query('DROP INDEX "outbox_events_log_idx"');
    await queryRunner.query('ALTER TABLE "outbox_events" ADD "published_at" timestamptz');
    await queryRunner.query('UPDATE "outbox_events" SET "published_at" = "occurred_at"');
    await queryRunner.query('ALTER TABLE "outbox_events" ADD "attempts" integer NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE "outbox_events" ADD "next_attempt_at" timestamptz NOT NULL DEFAULT now()');
    await queryRunner.query(
      'CREATE INDEX "outbox_events_organization_idx" ON "outbox_events" ("organization_id", "occurred_at")',
    );
    await queryRunner.query(
      'CREATE INDEX "outbox_events_pending_idx" ON "outbox_events" ("next_attempt_at") WHERE published_at IS NULL',
    );
    await queryRunner.query('DROP TABLE "event_deliveries"');
    await queryRunner.query('DROP TABLE "event_subscriptions"');
    await queryRunner.query('ALTER TABLE "outbox_events" DROP COLUMN "tx_id"');
    await queryRunner.query('ALTER TABLE "outbox_events" DROP COLUMN "position"');
  }
}
