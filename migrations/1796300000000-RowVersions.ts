import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per instance and per organization, incremented by every write of the row (or of what
 * its representation shows: an instance's authorizations, an organization's members) in the same
 * transaction. It is the ETag of the row's representation, and If-Match compares against it inside
 * the write's locked read. Existing rows start at 1.
 */
export class RowVersions1796300000000 implements MigrationInterface {
  name = 'RowVersions1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "instances" ADD "version" integer NOT NULL DEFAULT 1');
    await queryRunner.query('ALTER TABLE "organizations" ADD "version" integer NOT NULL DEFAULT 1');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organizations" DROP COLUMN "version"');
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "version"');
  }
}
