import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rename, authorized organizations, transfer and soft deletion of instances. Written by hand: the
 * trigger is beyond what TypeORM generates.
 */
export class InstanceLifecycle1796066157872 implements MigrationInterface {
  name = 'InstanceLifecycle1796066157872';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Soft deletion keeps the row, so the unique constraint keeps the handle reserved.
    await queryRunner.query('ALTER TABLE "instances" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    // A deleted instance must not keep its organization from being deleted: it loses its owner
    // instead (SET NULL). Live instances always have one, and the trigger below protects them.
    await queryRunner.query('ALTER TABLE "instances" ALTER COLUMN "organization_id" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "instances" DROP CONSTRAINT "instances_organization_fk"');
    await queryRunner.query(
      'ALTER TABLE "instances" ADD CONSTRAINT "instances_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "instances" ADD CONSTRAINT "instances_live_have_owner_check" CHECK (deleted_at IS NOT NULL OR organization_id IS NOT NULL)',
    );
    // Runs once the organization row is locked, so after any create or transfer that references it
    // has committed (their foreign key check holds a KEY SHARE lock on that row): a live instance
    // cannot slip in between the check and the delete. Raised as foreign_key_violation on the
    // instances' constraint, which the organizations repository maps to its 403.
    await queryRunner.query(`
      CREATE FUNCTION "refuse_deleting_organization_with_instances"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM instances WHERE organization_id = OLD.id AND deleted_at IS NULL) THEN
          RAISE EXCEPTION 'organization % still owns instances', OLD.id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'instances_organization_fk', TABLE = 'instances';
        END IF;
        RETURN OLD;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER "organizations_refuse_delete_with_instances" BEFORE DELETE ON "organizations" FOR EACH ROW EXECUTE FUNCTION "refuse_deleting_organization_with_instances"()',
    );

    await queryRunner.query(
      'CREATE TABLE "instance_authorized_organizations" ("instance_id" uuid NOT NULL, "organization_id" uuid NOT NULL, CONSTRAINT "instance_authorized_organizations_pkey" PRIMARY KEY ("instance_id", "organization_id"))',
    );
    // Serves "instances this organization is authorized for" and the cascade when it is deleted.
    await queryRunner.query(
      'CREATE INDEX "instance_authorized_organizations_organization_idx" ON "instance_authorized_organizations" ("organization_id", "instance_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "instance_authorized_organizations" ADD CONSTRAINT "instance_authorized_organizations_instance_fk" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "instance_authorized_organizations" ADD CONSTRAINT "instance_authorized_organizations_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "instance_authorized_organizations"');
    await queryRunner.query('DROP TRIGGER "organizations_refuse_delete_with_instances" ON "organizations"');
    await queryRunner.query('DROP FUNCTION "refuse_deleting_organization_with_instances"()');
    await queryRunner.query('ALTER TABLE "instances" DROP CONSTRAINT "instances_live_have_owner_check"');
    await queryRunner.query('ALTER TABLE "instances" DROP CONSTRAINT "instances_organization_fk"');
    // Deleted instances cannot be brought back, and without deleted_at they would look alive.
    await queryRunner.query('DELETE FROM "instances" WHERE "deleted_at" IS NOT NULL');
    await queryRunner.query('ALTER TABLE "instances" ALTER COLUMN "organization_id" SET NOT NULL');
    await queryRunner.query(
      'ALTER TABLE "instances" ADD CONSTRAINT "instances_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query('ALTER TABLE "instances" DROP COLUMN "deleted_at"');
  }
}
