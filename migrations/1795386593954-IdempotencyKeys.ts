import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1795386593954 implements MigrationInterface {
  name = 'IdempotencyKeys1795386593954';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "idempotency_keys" ("scope" text NOT NULL, "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "status_code" smallint, "response_headers" jsonb, "response_body" text, "locked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))',
    );
    await queryRunner.query('CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"  ("expires_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idempotency_keys_expires_at_idx"');
    await queryRunner.query('DROP TABLE "idempotency_keys"');
  }
}
