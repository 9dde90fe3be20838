import type { MigrationInterface, QueryRunner } from 'typeorm';

const COUNT_SLOTS = 16;
const TRIGRAM_INDEXES = ['instances_name_trgm_idx', 'instances_handle_trgm_idx'];

/**
 * Creates into one organization no longer run one at a time.
 *
 * The live-instance counter of an organization was one row: every insert updated it and held its
 * lock until commit, so concurrent creates into one organization queued on it (pgbench, 16 clients:
 * a quarter of the backends' samples waiting on `Lock:transactionid`, see docs/performance.md). It
 * is now spread over COUNT_SLOTS rows per organization, summed on read (exact: every slot changes in
 * the transaction of the rows it counts). A transaction writes the slot of its transaction id:
 * concurrent transactions have consecutive ids, so they land on different rows, while all the
 * statements of one transaction use the same slot, so that counters are still locked in
 * organization order and transfers both ways cannot deadlock. A slot may go negative (created in
 * one slot, deleted in another); the sum is what counts.
 *
 * `changes` counts the statements that changed the organization's live instances (renames too):
 * its sum over the slots only ever grows, so it is a version of the organization's live rows, which
 * a cached filtered total can be checked against without another hot row.
 *
 * The trigram indexes get a small pending list again: without one, each create inserted ~40
 * trigram entries into shared posting pages (contention on their buffer locks; 2 to 3x fewer
 * inserts/s in pgbench). 128 kB bounds what a search scans unmerged, and what the create that
 * merges it pays.
 */
export class OrganizationCountSlots1796250000000 implements MigrationInterface {
  name = 'OrganizationCountSlots1796250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('LOCK TABLE "instances" IN SHARE ROW EXCLUSIVE MODE');
    await queryRunner.query(
      'ALTER TABLE "organization_instance_counts" ADD "slot" smallint NOT NULL DEFAULT 0, ADD "changes" bigint NOT NULL DEFAULT 0',
    );
    await queryRunner.query('ALTER TABLE "organization_instance_counts" ALTER COLUMN "slot" DROP DEFAULT');
    await queryRunner.query(
      'ALTER TABLE "organization_instance_counts" DROP CONSTRAINT "organization_instance_counts_pkey", ADD CONSTRAINT "organization_instance_counts_pkey" PRIMARY KEY ("organization_id", "slot")',
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "count_live_instances"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        slot_of_transaction smallint := (pg_current_xact_id()::text::bigint % ${COUNT_SLOTS})::smallint;
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
          -- Every organization with a live row before or after, even if its count nets to zero
          -- (a rename): its version must move.
          SELECT array_agg(organization_id), array_agg(n) INTO organizations, deltas
            FROM (SELECT organization_id, sum(delta) AS n
                    FROM (SELECT organization_id, 1 AS delta FROM new_rows WHERE deleted_at IS NULL
                          UNION ALL
                          SELECT organization_id, -1 FROM old_rows WHERE deleted_at IS NULL) AS moves
                   GROUP BY organization_id) AS counted;
        END IF;
        INSERT INTO organization_instance_counts AS c (organization_id, slot, live_instances, changes)
        SELECT organization_id, slot_of_transaction, delta, 1
          FROM unnest(organizations, deltas) AS d(organization_id, delta)
         ORDER BY organization_id
        ON CONFLICT (organization_id, slot) DO UPDATE
          SET live_instances = c.live_instances + EXCLUDED.live_instances, changes = c.changes + 1;
        RETURN NULL;
      END
      $$`);
    for (const index of TRIGRAM_INDEXES) {
      await queryRunner.query(`ALTER INDEX "${index}" SET (fastupdate = on, gin_pending_list_limit = 128)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of TRIGRAM_INDEXES) {
      await queryRunner.query(`ALTER INDEX "${index}" SET (fastupdate = off)`);
      await queryRunner.query(`ALTER INDEX "${index}" RESET (gin_pending_list_limit)`);
    }
    await queryRunner.query('LOCK TABLE "instances" IN SHARE ROW EXCLUSIVE MODE');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "count_live_instances"() RETURNS trigger LANGUAGE plpgsql AS $$
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
      `CREATE TEMPORARY TABLE "summed_counts" AS SELECT "organization_id", sum("live_instances")::bigint AS "live_instances"
         FROM "organization_instance_counts" GROUP BY "organization_id"`,
    );
    await queryRunner.query('DELETE FROM "organization_instance_counts"');
    await queryRunner.query(
      'ALTER TABLE "organization_instance_counts" DROP CONSTRAINT "organization_instance_counts_pkey", DROP COLUMN "slot", DROP COLUMN "changes", ADD CONSTRAINT "organization_instance_counts_pkey" PRIMARY KEY ("organization_id")',
    );
    await queryRunner.query(
      'INSERT INTO "organization_instance_counts" ("organization_id", "live_instances") SELECT "organization_id", "live_instances" FROM "summed_counts"',
    );
    await queryRunner.query('DROP TABLE "summed_counts"');
  }
}
