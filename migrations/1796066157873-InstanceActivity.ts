import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The instance-activity module's log grows from creations to every lifecycle event. A transfer is
 * one event recorded for two organizations (out and in), hence the key (event_id, organization_id):
 * a redelivered event is still recorded once per organization.
 */
export class InstanceActivity1796066157873 implements MigrationInterface {
  name = 'InstanceActivity1796066157873';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "instance_activity" ("event_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "instance_id" uuid NOT NULL, "kind" text NOT NULL, "handle" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "instance_activity_kind_check" CHECK (kind IN ('created', 'renamed', 'transferred_in', 'transferred_out', 'deleted')), CONSTRAINT "instance_activity_pkey" PRIMARY KEY ("event_id", "organization_id"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "instance_activity_organization_idx" ON "instance_activity" ("organization_id", "kind", "occurred_at")',
    );
    await queryRunner.query(
      `INSERT INTO "instance_activity" ("event_id", "organization_id", "instance_id", "kind", "handle", "occurred_at")
       SELECT "event_id", "organization_id", "instance_id", 'created', "handle", "created_at" FROM "instance_creation_log"`,
    );
    await queryRunner.query('DROP TABLE "instance_creation_log"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "instance_creation_log" ("event_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "instance_id" uuid NOT NULL, "handle" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d75c675bbb846624f7b7a6a5a43" PRIMARY KEY ("event_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "instance_creation_log_organization_idx" ON "instance_creation_log"  ("organization_id", "created_at") ',
    );
    await queryRunner.query(
      `INSERT INTO "instance_creation_log" ("event_id", "organization_id", "instance_id", "handle", "created_at")
       SELECT "event_id", "organization_id", "instance_id", "handle", "occurred_at" FROM "instance_activity" WHERE "kind" = 'created'`,
    );
    await queryRunner.query('DROP TABLE "instance_activity"');
  }
}
