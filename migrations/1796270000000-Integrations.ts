import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OAuth 2.0 integrations of organizations (client id, hashed secrets, scopes), the token signing
 * keys (private keys encrypted), and scopes, expiry and last use on partner API keys.
 */
export class Integrations1796270000000 implements MigrationInterface {
  name = 'Integrations1796270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "integrations" (
        "id" uuid PRIMARY KEY,
        "organization_id" uuid NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE,
        "name" text NOT NULL,
        "client_id" text NOT NULL CONSTRAINT "integrations_client_id_key" UNIQUE,
        "secret_hash" text NOT NULL,
        "previous_secret_hash" text,
        "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE,
        "scopes" text[] NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE)`,
    );
    await queryRunner.query(
      'CREATE INDEX "integrations_organization_idx" ON "integrations" ("organization_id", "created_at")',
    );
    await queryRunner.query(
      `CREATE TABLE "oauth_signing_keys" (
        "kid" text PRIMARY KEY,
        "public_jwk" jsonb NOT NULL,
        "encrypted_private_jwk" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL)`,
    );
    await queryRunner.query('CREATE INDEX "oauth_signing_keys_created_idx" ON "oauth_signing_keys" ("created_at")');
    await queryRunner.query('ALTER TABLE "api_keys" ADD "scopes" text[]');
    await queryRunner.query('ALTER TABLE "api_keys" ADD "expires_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "api_keys" ADD "last_used_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_keys" DROP COLUMN "last_used_at"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP COLUMN "expires_at"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP COLUMN "scopes"');
    await queryRunner.query('DROP TABLE "oauth_signing_keys"');
    await queryRunner.query('DROP TABLE "integrations"');
  }
}
