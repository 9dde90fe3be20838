import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InstanceCreationLog1795385912752 implements MigrationInterface {
  name = 'InstanceCreationLog1795385912752';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "instance_creation_log" ("event_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "instance_id" uuid NOT NULL, "handle" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d75c675bbb846624f7b7a6a5a43" PRIMARY KEY ("event_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "instance_creation_log_organization_idx" ON "instance_creation_log"  ("organization_id", "created_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."instance_creation_log_organization_idx"');
    await queryRunner.query('DROP TABLE "instance_creation_log"');
  }
}
