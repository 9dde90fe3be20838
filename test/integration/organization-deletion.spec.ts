import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OrganizationRepository } from '../../src/organizations/domain/organization.repository.js';
import { insertOrganization } from '../support/organization-rows.js';
import { startTestContext } from '../support/test-context.js';

/**
 * The organizations repository against real PostgreSQL, no HTTP: deleting an organization asks the
 * instances module (through the organizations port) to withdraw its authorizations and to refuse
 * while it owns live instances, all in the deletion's transaction.
 */
describe('OrganizationRepository.delete (integration)', () => {
  let context: INestApplicationContext;
  let db: DataSource;
  let organizations: OrganizationRepository;

  beforeAll(async () => {
    context = await startTestContext();
    db = context.get(DataSource);
    organizations = context.get(OrganizationRepository);
  });

  afterAll(() => context.close());

  const organization = () => insertOrganization(db);

  async function instance(organizationId: string): Promise<string> {
    const id = uuidv7();
    await db.query(
      `INSERT INTO instances (id, organization_id, created_by_organization_id, name, handle, created_at, updated_at)
       VALUES ($1, $2, $2, 'Instance', $3, now(), now())`,
      [id, organizationId, `handle-${id}`],
    );
    return id;
  }

  async function authorize(instanceId: string, organizationId: string): Promise<void> {
    await db.query('INSERT INTO instance_authorized_organizations (instance_id, organization_id) VALUES ($1, $2)', [
      instanceId,
      organizationId,
    ]);
  }

  async function count(sql: string, ...values: unknown[]): Promise<number> {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM (${sql}) AS rows`, values);
    return row.n;
  }

  const eventsAbout = (instanceId: string) =>
    count(
      `SELECT 1 FROM outbox_events WHERE aggregate_id = $1 AND type = 'InstanceOrganizationUnauthorized'`,
      instanceId,
    );

  it('withdraws the authorizations it holds on other instances, one event each, and deletes the organization', async () => {
    const owner = await organization();
    const authorized = await organization();
    const shared = await instance(owner);
    await authorize(shared, authorized);

    await organizations.delete(authorized);

    expect(await count('SELECT 1 FROM organizations WHERE id = $1', authorized)).toBe(0);
    expect(await count('SELECT 1 FROM instance_authorized_organizations WHERE instance_id = $1', shared)).toBe(0);
    expect(await eventsAbout(shared)).toBe(1);
  });

  it('refuses while the organization owns a live instance, and the failed transaction leaves every row in place', async () => {
    const owner = await organization();
    const other = await organization();
    const owned = await instance(owner);
    const othersInstance = await instance(other);
    await authorize(othersInstance, owner);

    await expect(organizations.delete(owner)).rejects.toMatchObject({ code: 'still_owns_instances' });

    expect(await count('SELECT 1 FROM organizations WHERE id = $1', owner)).toBe(1);
    expect(await count('SELECT 1 FROM instances WHERE id = $1 AND organization_id = $2', owned, owner)).toBe(1);
    // The withdrawal ran inside the refused transaction: rolled back with it, event included.
    expect(await count('SELECT 1 FROM instance_authorized_organizations WHERE instance_id = $1', othersInstance)).toBe(
      1,
    );
    expect(await eventsAbout(othersInstance)).toBe(0);
  });

  it('answers not found for an organization that does not exist', async () => {
    await expect(organizations.delete(uuidv7())).rejects.toMatchObject({ code: 'organization_not_found' });
  });
});
