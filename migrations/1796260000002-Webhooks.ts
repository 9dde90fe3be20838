import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook endpoints of organizations (each one a subscriber of the outbox log, named
 * `webhook:<id>`), the attempts made to deliver to them, and the key that encrypts their signing
 * secrets when WEBHOOK_SECRET_KEY is not set.
 */
export class Webhooks1796260000002 implements MigrationInterface {
  name = 'Webhooks1796260000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "webhook_endpoints" (
        "id" uuid PRIMARY KEY,
        "organization_id" uuid NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE,
        "url" text NOT NULL,
        "event_types" text[],
        "description" text,
        "secret_ciphertext" bytea NOT NULL,
        "disabled" boolean NOT NULL DEFAULT false,
        "disabled_reason" text,
        "failing_since" timestamptz,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX "webhook_endpoints_organization_idx" ON "webhook_endpoints" ("organization_id", "created_at")',
    );
    await queryRunner.query(`
      CREATE TABLE "webhook_delivery_attempts" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "endpoint_id" uuid NOT NULL REFERENCES "webhook_endpoints" ("id") ON DELETE CASCADE,
        "event_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "attempted_at" timestamptz NOT NULL,
        "status" integer,
        "duration_ms" integer NOT NULL,
        "response_excerpt" text,
        "error" text
      )`);
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_attempts_endpoint_idx" ON "webhook_delivery_attempts" ("endpoint_id", "id")',
    );
    await queryRunner.query(`
      CREATE TABLE "webhook_secret_keys" ("id" integer PRIMARY KEY CHECK ("id" = 1), "key" bytea NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "event_deliveries" WHERE "subscriber" LIKE 'webhook:%'`);
    await queryRunner.query(`DELETE FROM "event_subscriptions" WHERE "subscriber" LIKE 'webhook:%'`);
    await queryRunner.query('DROP TABLE "webhook_secret_keys"');
    await queryRunner.query('DROP TABLE "webhook_delivery_attempts"');
    await queryRunner.query('DROP TABLE "webhook_endpoints"');
  }
}
