import type { MigrationInterface, QueryRunner } from 'typeorm';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Instance lifecycle events of version 1 get the version 2 payload (`instance`, as the owner saw
 * it, and `previous_attributes`), so that the events feed, webhooks and the broker can show them.
 * Rebuilt from what version 1 stored and the instance row as it is now: the name and the owner
 * are exact, the authorizations of that time are not known (shown as none). Version 1 creations
 * need no rewrite: their payload holds the whole new instance.
 */
export class InstanceEventSnapshots1796260000001 implements MigrationInterface {
  name = 'InstanceEventSnapshots1796260000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE outbox_events e
         SET version = 2,
             payload = e.payload || jsonb_build_object('instance', jsonb_build_object(
               'id', i.id,
               'name', coalesce(e.payload->>'name', i.name),
               'handle', i.handle,
               'created_at', to_char(i.created_at AT TIME ZONE 'UTC', ${ISO}),
               'updated_at', to_char(e.occurred_at AT TIME ZONE 'UTC', ${ISO}),
               'organization_id', coalesce(e.payload->>'to_organization_id', e.organization_id::text),
               'created_by_organization_id', i.created_by_organization_id,
               'authorized_organization_ids', '[]'::jsonb))
               || CASE e.type
                    WHEN 'InstanceRenamed' THEN jsonb_build_object('previous_attributes',
                      jsonb_build_object('name', e.payload->>'previous_name'))
                    WHEN 'InstanceTransferred' THEN jsonb_build_object('previous_attributes',
                      jsonb_build_object('organization_id', e.payload->>'from_organization_id'))
                    ELSE '{}'::jsonb
                  END
        FROM instances i
       WHERE i.id = e.aggregate_id AND e.version = 1
         AND e.type IN ('InstanceRenamed', 'InstanceOrganizationAuthorized', 'InstanceOrganizationUnauthorized',
                        'InstanceTransferred', 'InstanceDeleted')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE outbox_events SET version = 1, payload = payload - 'instance' - 'previous_attributes'
       WHERE version = 2 AND type LIKE 'Instance%'`);
  }
}
