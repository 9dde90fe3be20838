import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityAndOrganizations1795385390454 implements MigrationInterface {
  name = 'IdentityAndOrganizations1795385390454';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "partners" ("id" uuid NOT NULL, "name" text NOT NULL, "email" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "partners_email_key" UNIQUE ("email"), CONSTRAINT "PK_998645b20820e4ab99aeae03b41" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("id" uuid NOT NULL, "partner_id" uuid NOT NULL, "key_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_keys_key_hash_key" UNIQUE ("key_hash"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "api_keys_partner_idx" ON "api_keys"  ("partner_id") ');
    await queryRunner.query(
      'CREATE TABLE "organizations" ("id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "memberships" ("organization_id" uuid NOT NULL, "partner_id" uuid NOT NULL, "role" text NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "memberships_role_check" CHECK (role IN (\'owner\', \'member\')), CONSTRAINT "PK_4012a5c458f433ade62f63ae054" PRIMARY KEY ("organization_id", "partner_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "memberships_partner_idx" ON "memberships"  ("partner_id", "organization_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_events" ("id" uuid NOT NULL, "type" text NOT NULL, "version" integer NOT NULL, "aggregate_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "outbox_events_organization_idx" ON "outbox_events"  ("organization_id", "occurred_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "outbox_events_unpublished_idx" ON "outbox_events"  ("occurred_at") WHERE published_at IS NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_partner_fk" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "memberships" ADD CONSTRAINT "memberships_partner_fk" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "memberships" DROP CONSTRAINT "memberships_partner_fk"');
    await queryRunner.query('ALTER TABLE "memberships" DROP CONSTRAINT "memberships_organization_fk"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_partner_fk"');
    await queryRunner.query('DROP INDEX "public"."outbox_events_unpublished_idx"');
    await queryRunner.query('DROP INDEX "public"."outbox_events_organization_idx"');
    await queryRunner.query('DROP TABLE "outbox_events"');
    await queryRunner.query('DROP INDEX "public"."memberships_partner_idx"');
    await queryRunner.query('DROP TABLE "memberships"');
    await queryRunner.query('DROP TABLE "organizations"');
    await queryRunner.query('DROP INDEX "public"."api_keys_partner_idx"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP TABLE "partners"');
  }
}
