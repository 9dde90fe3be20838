import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations into organizations. At most one pending invitation per organization and email
 * (a new one replaces it); `expired` is not stored: a pending invitation past `expires_at`.
 */
export class Invitations1796270000001 implements MigrationInterface {
  name = 'Invitations1796270000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "invitations" (
        "id" uuid PRIMARY KEY,
        "organization_id" uuid NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE,
        "email" text NOT NULL,
        "role" text NOT NULL CONSTRAINT "invitations_role_check" CHECK (role IN ('owner', 'member')),
        "status" text NOT NULL
          CONSTRAINT "invitations_status_check" CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "responded_at" TIMESTAMP WITH TIME ZONE)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "invitations_pending_email_key" ON "invitations" ("organization_id", "email")
        WHERE status = 'pending'`,
    );
    await queryRunner.query(
      'CREATE INDEX "invitations_organization_idx" ON "invitations" ("organization_id", "created_at")',
    );
    await queryRunner.query(`CREATE INDEX "invitations_email_idx" ON "invitations" ("email") WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "invitations"');
  }
}
