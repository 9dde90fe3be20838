import type { MigrationInterface, QueryRunner } from 'typeorm';

const SORT_INDEXES = {
  instances_organization_handle_idx: '"organization_id", "handle", "id"',
  instances_organization_name_idx: '"organization_id", "name", "id"',
  instances_organization_updated_idx: '"organization_id", "updated_at", "id"',
  instances_organization_created_idx: '"organization_id", "created_at", "id"',
};
const TRIGRAM_INDEXES = { instances_name_trgm_idx: 'name', instances_handle_trgm_idx: 'handle' };

/**
 * Lists stay fast however big an organization grows and however many instances were deleted.
 *
 * `totalItems` of an unfiltered list without counting the organization's rows on every page: a
 * live-instance counter per organization, kept exact by statement-level triggers in the same
 * transaction as every insert, update (soft delete, transfer) and delete of instances. Transition
 * tables make a bulk statement cost one counter update per organization, not one per row; counters
 * are updated in organization order, so that concurrent transfers between the same organizations
 * cannot deadlock.
 *
 * The sort and filter indexes only hold live instances (`WHERE deleted_at IS NULL`, as every list
 * query says); the trigram indexes have no pending list, so that a burst of creates never leaves a
 * filtered list scanning unmerged entries. A plain organization index serves the foreign key's
 * SET NULL when an organization is deleted. Written by hand: triggers and partial GIN indexes are
 * beyond what TypeORM generates.
 */
export class OrganizationInstanceCounts1796100000000 implements MigrationInterface {
  name = 'OrganizationInstanceCounts1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [index, columns] of Object.entries(SORT_INDEXES)) {
      await queryRunner.query(`DROP INDEX "${index}"`);
      await queryRunner.query(`CREATE INDEX "${index}" ON "instances" (${columns}) WHERE deleted_at IS NULL`);
    }
    for (const [index, column] of Object.entries(TRIGRAM_INDEXES)) {
      await queryRunner.query(`DROP INDEX "${index}"`);
      await queryRunner.query(
        `CREATE INDEX "${index}" ON "instances" USING gin ("${column}" gin_trgm_ops) WITH (fastupdate = off) WHERE deleted_at IS NULL`,
      );
    }
    await queryRunner.query('CREATE INDEX "instances_organization_idx" ON "instances" ("organization_id")');

    await queryRunner.query(
      'CREATE TABLE "organization_instance_counts" ("organization_id" uuid NOT NULL, "live_instances" bigint NOT NULL, CONSTRAINT "organization_instance_counts_pkey" PRIMARY KEY ("organization_id"), CONSTRAINT "organization_instance_counts_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE)',
    );
    // One function for the three triggers; each branch reads only the transition tables its
    // trigger declares. A rename nets to no change and writes nothing.
    await queryRunner.query(`
      CREATE FUNCTION "count_live_instances"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        organizations uuid[];
        deltas bigint[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(organization_id), array_agg(n) INTO organizations, deltas
            FROM (SELECT organization_id, count(*) AS n FROM new_rows WHERE deleted_at IS NULL
                   GROUP BY organization_id) AS counted;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(organization_id), array_agg(-n) INTO organizations, deltas
            FROM (SELECT organization_id, count(*) AS n FROM old_rows WHERE deleted_at IS NULL
                   GROUP BY organization_id) AS counted;
        ELSE
          SELECT array_agg(organization_id), array_agg(n) INTO organizations, deltas
            FROM (SELECT organization_id, sum(delta) AS n
                    FROM (SELECT organization_id, 1 AS delta FROM new_rows WHERE deleted_at IS NULL
                          UNION ALL
                          SELECT organization_id, -1 FROM old_rows WHERE deleted_at IS NULL) AS moves
                   GROUP BY organization_id
                  HAVING sum(delta) <> 0) AS counted;
        END IF;
        INSERT INTO organization_instance_counts AS c (organization_id, live_instances)
        SELECT organization_id, delta FROM unnest(organizations, deltas) AS d(organization_id, delta)
         ORDER BY organization_id
        ON CONFLICT (organization_id) DO UPDATE SET live_instances = c.live_instances + EXCLUDED.live_instances;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER "instances_count_inserted" AFTER INSERT ON "instances" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_live_instances"()',
    );
    await queryRunner.query(
      'CREATE TRIGGER "instances_count_updated" AFTER UPDATE ON "instances" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_live_instances"()',
    );
    await queryRunner.query(
      'CREATE TRIGGER "instances_count_deleted" AFTER DELETE ON "instances" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_live_instances"()',
    );
    // No write may slip between the backfill and the triggers taking over.
    await queryRunner.query('LOCK TABLE "instances" IN SHARE ROW EXCLUSIVE MODE');
    await queryRunner.query(
      'INSERT INTO "organization_instance_counts" ("organization_id", "live_instances") SELECT "organization_id", count(*) FROM "instances" WHERE "deleted_at" IS NULL GROUP BY "organization_id"',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "instances_count_deleted" ON "instances"');
    await queryRunner.query('DROP TRIGGER "instances_count_updated" ON "instances"');
    await queryRunner.query('DROP TRIGGER "instances_count_inserted" ON "instances"');
    await queryRunner.query('DROP FUNCTION "count_live_instances"()');
    await queryRunner.query('DROP TABLE "organization_instance_counts"');
    await queryRunner.query('DROP INDEX "instances_organization_idx"');
    for (const [index, column] of Object.entries(TRIGRAM_INDEXES)) {
      await queryRunner.query(`DROP INDEX "${index}"`);
      await queryRunner.query(`CREATE INDEX "${index}" ON "instances" USING gin ("${column}" gin_trgm_ops)`);
    }
    for (const [index, columns] of Object.entries(SORT_INDEXES)) {
      await queryRunner.query(`DROP INDEX "${index}"`);
      await queryRunner.query(`CREATE INDEX "${index}" ON "instances" (${columns})`);
    }
  }
}
