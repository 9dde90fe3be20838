import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Instances1795385787008 implements MigrationInterface {
  name = 'Instances1795385787008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "instances" ("id" uuid NOT NULL, "organization_id" uuid NOT NULL, "created_by_organization_id" uuid NOT NULL, "name" text NOT NULL, "handle" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "instances_handle_key" UNIQUE ("handle"), CONSTRAINT "PK_11862209053330b4765f7f54178" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "instances_organization_handle_idx" ON "instances"  ("organization_id", "handle", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "instances_organization_name_idx" ON "instances"  ("organization_id", "name", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "instances_organization_updated_idx" ON "instances"  ("organization_id", "updated_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "instances_organization_created_idx" ON "instances"  ("organization_id", "created_at", "id") ',
    );
    // Written by hand: the substring filters (name ILIKE '%x%', handle ILIKE '%x%') cannot use a
    // B-tree; trigram GIN indexes serve them at any table size. The B-trees above serve the four
    // sort orders within one organization, with id as the tie-breaker.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE INDEX "instances_name_trgm_idx" ON "instances" USING gin ("name" gin_trgm_ops)');
    await queryRunner.query(
      'CREATE INDEX "instances_handle_trgm_idx" ON "instances" USING gin ("handle" gin_trgm_ops)',
    );
    await queryRunner.query(
      'ALTER TABLE "instances" ADD CONSTRAINT "instances_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "instances" DROP CONSTRAINT "instances_organization_fk"');
    await queryRunner.query('DROP INDEX "public"."instances_handle_trgm_idx"');
    await queryRunner.query('DROP INDEX "public"."instances_name_trgm_idx"');
    await queryRunner.query('DROP INDEX "public"."instances_organization_created_idx"');
    await queryRunner.query('DROP INDEX "public"."instances_organization_updated_idx"');
    await queryRunner.query('DROP INDEX "public"."instances_organization_name_idx"');
    await queryRunner.query('DROP INDEX "public"."instances_organization_handle_idx"');
    await queryRunner.query('DROP TABLE "instances"');
  }
}
